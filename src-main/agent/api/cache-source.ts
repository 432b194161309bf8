// What the dashboard's storage page needs of a cache (models, images): what is in it, how full it
// is, and a way to free space. Each cache implements it next to its own code, or an adapter does.
import type { CachedItemView } from '../../../src-shared/api/views';

export interface CacheUsage {
  usedBytes: number;
  capBytes: number;
}

export interface CacheSource {
  readonly kind: 'model' | 'image';
  /** Item ids are stable and start with `<kind>:` so that storage.free can route them. */
  list(): Promise<CachedItemView[]>;
  usage(): CacheUsage;
  /**
   * Removes one item (by id), or with null every item not in use; returns the bytes freed.
   * An item in use is left alone (freeing it by id throws a CacheItemBusy).
   */
  free(id: string | null): Promise<number>;
}

export class CacheItemBusy extends Error {
  override name = 'CacheItemBusy';
}

export class CacheItemUnknown extends Error {
  override name = 'CacheItemUnknown';
}

/** A cache that is not there (yet): the model cache until it is wired. */
export function emptyCacheSource(kind: 'model' | 'image', capBytes: number): CacheSource {
  return {
    kind,
    list: async () => [],
    usage: () => ({ usedBytes: 0, capBytes }),
    free: async (id) => {
      if (id !== null) throw new CacheItemUnknown(`no cached ${kind} "${id}"`);
      return 0;
    },
  };
}
