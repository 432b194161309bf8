// Room for an incoming model under `[model_cache] max_cache_gb`, and on the disk: the cap
// counts every cached file plus the full size of every running download; least recently used
// models that nobody holds are removed to fit; a model that cannot fit says why, in words an
// owner can act on. Reservations are made one at a time, so two downloads never both count on
// the same freed space.
import { planEviction } from '../../../src-shared/domain/models/eviction-plan';
import type { CacheIndex } from './cache-index';
import type { ModelFs } from './model-fs';
import { ModelFetchError } from './model-store';
import { formatSize, GIB } from './sizes';

export interface SpaceDeps {
  index: CacheIndex;
  fs: ModelFs;
  dir: string;
  maxBytes: number;
  /** Removes an entry's files and forgets it (the cache's eviction). */
  remove(key: string, why: string): Promise<void>;
}

export class CacheSpace {
  private turn: Promise<unknown> = Promise.resolve();

  constructor(private readonly deps: SpaceDeps) {}

  /**
   * Reserves `bytes` for `key` (its whole file: `received` of them may already be on disk),
   * evicting what must go. Throws ModelFetchError 'too-large' or 'disk'.
   */
  reserve(key: string, name: string, bytes: number, received: number): Promise<void> {
    const run = this.turn.then(() => this.reserveNow(key, name, bytes, received));
    this.turn = run.catch(() => undefined);
    return run;
  }

  private async reserveNow(key: string, name: string, bytes: number, received: number): Promise<void> {
    const { index, maxBytes } = this.deps;
    // While planning, this download's own bytes count as nothing and cannot be evicted.
    const previous = index.reservation(key);
    index.reserve(key, 0);
    try {
      const plan = planEviction(index.candidates(), index.usedBytes(), bytes, maxBytes);
      if (!plan.ok && plan.reason === 'larger-than-cache') {
        throw new ModelFetchError('too-large', `model ${name} is ${formatSize(bytes)}, larger than the whole model cache (${capText(maxBytes)})`);
      }
      if (!plan.ok) {
        throw new ModelFetchError(
          'too-large',
          `no room for model ${name} (${formatSize(bytes)}) in the model cache (${capText(maxBytes)}): ${formatSize(plan.pinnedBytes)} is held by running jobs and downloads; raise max_cache_gb or try again when they finish`,
        );
      }
      for (const k of plan.evict) await this.deps.remove(k, `to make room for ${name}`);
      await this.checkDisk(name, bytes - received);
      index.reserve(key, bytes);
    } catch (err) {
      if (previous === undefined) index.unreserve(key);
      else index.reserve(key, previous);
      throw err;
    }
  }

  private async checkDisk(name: string, more: number): Promise<void> {
    let free: number;
    try {
      const st = await this.deps.fs.statfs(this.deps.dir);
      free = st.bavail * st.bsize;
    } catch {
      return; // not every file system answers; the writes will say if it is full
    }
    if (more > free) {
      throw new ModelFetchError('disk', `not enough free disk space for model ${name}: it needs ${formatSize(more)} more, ${formatSize(free)} free on ${this.deps.dir}`);
    }
  }
}

function capText(maxBytes: number): string {
  const gb = maxBytes / GIB;
  return Number.isInteger(gb) ? `${formatSize(maxBytes)}, [model_cache] max_cache_gb = ${gb}` : `${formatSize(maxBytes)}, [model_cache] max_cache_gb`;
}
