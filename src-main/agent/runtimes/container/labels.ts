// How the Island recognises its own containers. Every job container carries these labels so that
// one left behind by a crash (or by a dockerd that died mid-job) can be found and removed later,
// and so that two Islands sharing one dockerd (tests, a second install) never touch each other's.
import { createHash, randomUUID } from 'node:crypto';
import path from 'node:path';

/** `1` on every container this Island creates. */
export const LABEL_ISLAND = 'io.archipelag.island';
/** The job the container runs. */
export const LABEL_JOB = 'io.archipelag.island.job';
/** The Island's host id, when known (informational: a host id can change in config.toml). */
export const LABEL_HOST = 'io.archipelag.island.host';
/** Which installation created it: a hash of the Island's home directory. Orphans are matched on this. */
export const LABEL_INSTANCE = 'io.archipelag.island.instance';
/** Which run of that installation created it: containers of the current run are never orphans. */
export const LABEL_SESSION = 'io.archipelag.island.session';

export const CONTAINER_NAME_PREFIX = 'archipelag-job-';

/** A stable id for the installation at `home` (16 hex digits). */
export function instanceIdFor(home: string): string {
  return createHash('sha256').update(path.resolve(home)).digest('hex').slice(0, 16);
}

export function newSessionId(): string {
  return randomUUID();
}

export function containerName(): string {
  return `${CONTAINER_NAME_PREFIX}${randomUUID()}`;
}

export interface LabelOwner {
  instanceId: string;
  sessionId: string;
  hostId?: string | undefined;
}

export function jobLabels(owner: LabelOwner, jobId: string): Record<string, string> {
  return {
    [LABEL_ISLAND]: '1',
    [LABEL_JOB]: jobId,
    [LABEL_INSTANCE]: owner.instanceId,
    [LABEL_SESSION]: owner.sessionId,
    ...(owner.hostId ? { [LABEL_HOST]: owner.hostId } : {}),
  };
}
