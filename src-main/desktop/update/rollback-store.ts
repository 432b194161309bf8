// The update bookkeeping on disk, under <userData>/updates: the pending-verification marker, the
// versions rolled back (never installed again), and kept installers (`kept/<version>/<file>`)
// that can reinstall a version. File operations are injected: unit tests use memory, main the
// real disk. An unreadable marker is moved aside and reported, not silently dropped.
import path from 'node:path';
import { z } from 'zod';
import { errorMessage } from '../../../src-shared/errors';
import type { Logger } from '../../agent/log/types';
import type { UpdateMarker } from './rollback-decision';

export interface UpdateFiles {
  /** null when the file does not exist. */
  readText(file: string): Promise<string | null>;
  /** Atomic. */
  writeText(file: string, text: string): Promise<void>;
  remove(file: string): Promise<void>;
  /** Copies `from` to `to`, creating folders. */
  copy(from: string, to: string): Promise<void>;
  exists(file: string): Promise<boolean>;
  /** Names in a folder; [] when it does not exist. */
  list(dir: string): Promise<string[]>;
  rename(from: string, to: string): Promise<void>;
}

const markerSchema = z.strictObject({
  state: z.enum(['pending', 'rolling-back']),
  fromVersion: z.string().min(1),
  toVersion: z.string().min(1),
  previousArtifact: z.string().min(1).nullable(),
  failedLaunches: z.number().int().min(0),
  writtenAt: z.number(),
});

const blockedSchema = z.record(z.string(), z.string());

/** Version strings become folder names: keep them to what semver allows. */
function versionDir(version: string): string {
  if (!/^[0-9A-Za-z.+-]{1,64}$/.test(version)) throw new Error(`not a usable version string: ${JSON.stringify(version)}`);
  return version;
}

export class RollbackStore {
  private readonly markerFile: string;
  private readonly blockedFile: string;
  private readonly keptDir: string;

  constructor(
    dir: string,
    private readonly files: UpdateFiles,
    private readonly log: Logger,
    private readonly now: () => number = Date.now,
  ) {
    this.markerFile = path.join(dir, 'pending-verification.json');
    this.blockedFile = path.join(dir, 'blocked-versions.json');
    this.keptDir = path.join(dir, 'kept');
  }

  async readMarker(): Promise<UpdateMarker | null> {
    const text = await this.files.readText(this.markerFile);
    if (text === null) return null;
    let parsed: z.ZodSafeParseResult<UpdateMarker>;
    try {
      parsed = markerSchema.safeParse(JSON.parse(text));
    } catch (err) {
      await this.moveAside(this.markerFile, `not JSON: ${errorMessage(err)}`);
      return null;
    }
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      await this.moveAside(this.markerFile, `${issue?.path.join('.') || 'marker'}: ${issue?.message ?? 'invalid'}`);
      return null;
    }
    return parsed.data;
  }

  writeMarker(marker: UpdateMarker): Promise<void> {
    return this.files.writeText(this.markerFile, `${JSON.stringify(marker, null, 2)}\n`);
  }

  clearMarker(): Promise<void> {
    return this.files.remove(this.markerFile);
  }

  /** Versions that must not be installed, with why. */
  async blocked(): Promise<Record<string, string>> {
    const text = await this.files.readText(this.blockedFile);
    if (text === null) return {};
    try {
      const parsed = blockedSchema.safeParse(JSON.parse(text));
      if (parsed.success) return parsed.data;
    } catch {
      // fall through: moved aside below
    }
    await this.moveAside(this.blockedFile, 'not a JSON object of version → reason');
    return {};
  }

  async block(version: string, reason: string): Promise<void> {
    const all = await this.blocked();
    all[version] = reason;
    await this.files.writeText(this.blockedFile, `${JSON.stringify(all, null, 2)}\n`);
  }

  /** Copies an installer that installs `version` into the kept folder; returns the copy. */
  async keep(version: string, source: string): Promise<string> {
    const target = path.join(this.keptDir, versionDir(version), path.basename(source));
    await this.files.copy(source, target);
    return target;
  }

  /** The kept installer of `version`, or null. */
  async keptFor(version: string): Promise<string | null> {
    const dir = path.join(this.keptDir, versionDir(version));
    const names = await this.files.list(dir);
    return names[0] ? path.join(dir, names[0]) : null;
  }

  /** Deletes kept installers of every version but these. */
  async pruneKept(keep: readonly string[]): Promise<void> {
    for (const name of await this.files.list(this.keptDir)) {
      if (keep.includes(name)) continue;
      await this.files.remove(path.join(this.keptDir, name)).catch((err: unknown) => this.log.warn('could not delete an old kept installer', { version: name, error: errorMessage(err) }));
    }
  }

  private async moveAside(file: string, why: string): Promise<void> {
    const aside = `${file}.unreadable-${this.now()}`;
    this.log.error(`${path.basename(file)} is unreadable (${why}); moved aside to ${aside}`);
    await this.files.rename(file, aside).catch(() => this.files.remove(file));
  }
}
