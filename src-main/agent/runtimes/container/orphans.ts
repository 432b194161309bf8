// Containers this installation created in an earlier run (the Island or the machine crashed, or
// dockerd died mid-job) are removed when Docker becomes reachable: they would otherwise keep
// running a job nobody waits for, or sit there holding disk. Containers of the current run and of
// other Islands sharing this dockerd are left alone (labels.ts).
import type Docker from 'dockerode';
import { Backoff } from '../../../../src-shared/domain/backoff';
import type { Logger } from '../../log/logger';
import { dockerMessage, isAlreadyGone } from './docker-errors';
import { LABEL_INSTANCE, LABEL_ISLAND, LABEL_JOB, LABEL_SESSION, type LabelOwner } from './labels';

export async function removeOrphans(docker: Docker, owner: LabelOwner, log: Logger): Promise<number> {
  const found = await docker.listContainers({
    all: true,
    filters: { label: [`${LABEL_ISLAND}=1`, `${LABEL_INSTANCE}=${owner.instanceId}`] },
  });
  let removed = 0;
  for (const c of found) {
    if (c.Labels?.[LABEL_SESSION] === owner.sessionId) continue;
    const name = c.Names?.[0]?.replace(/^\//, '') ?? c.Id;
    try {
      await docker.getContainer(c.Id).remove({ force: true, v: true });
      removed += 1;
      log.warn('removed a job container left behind by an earlier run of this Island', {
        container: name,
        job_id: c.Labels?.[LABEL_JOB],
        state: c.State,
      });
    } catch (err) {
      if (!isAlreadyGone(err)) log.error(`could not remove leftover container ${name}: ${dockerMessage(err)}`);
    }
  }
  return removed;
}

/**
 * Containers of this run whose removal failed (Docker was away: stopped or restarting). They are
 * retried in the background with backoff until they are gone, and whenever Docker comes back.
 */
export class LeftBehind {
  private readonly ids = new Set<string>();
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;
  private readonly backoff: Backoff;

  constructor(retry: { initialMs: number; maxMs: number } = { initialMs: 1_000, maxMs: 30_000 }) {
    this.backoff = new Backoff(retry);
  }

  add(id: string): void {
    this.ids.add(id);
  }

  get size(): number {
    return this.ids.size;
  }

  /** Schedules retries until every container is gone; one schedule at a time. */
  retryLater(docker: Docker, log: Logger): void {
    if (this.timer || this.stopped || this.ids.size === 0) return;
    this.timer = setTimeout(() => {
      void this.retry(docker, log).finally(() => {
        this.timer = undefined;
        if (this.ids.size > 0) this.retryLater(docker, log);
        else this.backoff.reset();
      });
    }, this.backoff.next());
    this.timer.unref();
  }

  /** No more background retries (the runtime is closing; it makes a last attempt itself). */
  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  async retry(docker: Docker, log: Logger): Promise<void> {
    for (const id of [...this.ids]) {
      try {
        await docker.getContainer(id).remove({ force: true, v: true });
        this.ids.delete(id);
        log.info('removed a job container whose removal had failed', { container: id });
      } catch (err) {
        if (isAlreadyGone(err)) this.ids.delete(id);
        else log.warn(`still cannot remove container ${id}: ${dockerMessage(err)}`);
      }
    }
  }
}
