// The model cache (src-main/agent/models) as a CacheSource for the storage page. A model a job
// holds or that is downloading is never removed; a partial download kept for resuming is listed
// (and can be freed) like any other entry.
import type { CachedItemView } from '../../../src-shared/api/views';
import { ModelEvictError, type ModelCache } from '../models/model-cache';
import { CacheItemBusy, CacheItemUnknown, type CacheSource, type CacheUsage } from './cache-source';

export type ModelCacheLike = Pick<ModelCache, 'list' | 'capBytes' | 'evict' | 'freeUnused'>;

const PREFIX = 'model:';

export class ModelCacheSource implements CacheSource {
  readonly kind = 'model' as const;

  constructor(private readonly cache: ModelCacheLike) {}

  async list(): Promise<CachedItemView[]> {
    return this.cache.list().map((m) => ({
      id: PREFIX + m.key,
      kind: 'model',
      name: `${m.uri ?? m.fileName}${m.complete ? '' : ' (partial download)'}`,
      sizeBytes: m.sizeBytes,
      lastUsedAt: m.lastUsedAt,
      inUse: m.inUse,
    }));
  }

  usage(): CacheUsage {
    return { usedBytes: this.cache.list().reduce((n, m) => n + m.sizeBytes, 0), capBytes: this.cache.capBytes };
  }

  async free(id: string | null): Promise<number> {
    if (id === null) return (await this.cache.freeUnused()).freedBytes;
    try {
      return (await this.cache.evict(id.startsWith(PREFIX) ? id.slice(PREFIX.length) : id)).freedBytes;
    } catch (err) {
      if (err instanceof ModelEvictError) {
        throw err.reason === 'unknown' ? new CacheItemUnknown(`no cached model "${id}"`) : new CacheItemBusy(err.message);
      }
      throw err;
    }
  }
}
