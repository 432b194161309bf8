// The storage page: cached models and images with their sizes, downloads in progress, and the
// free space on the disk that holds the Island's caches; freeing one item or a whole kind.
import type { StorageView } from '../../../src-shared/api/views';
import type { ApiParams } from '../../../src-shared/api/methods';
import { ApiFailure } from './api-failure';
import { CacheItemBusy, CacheItemUnknown, type CacheSource } from './cache-source';
import type { DownloadTracker } from './downloads';

export interface StorageDeps {
  models: CacheSource;
  images: CacheSource;
  downloads: DownloadTracker;
  /** Free bytes on the caches' disk, or null when it cannot be read. */
  diskFree: () => Promise<number | null>;
}

export async function storageView(d: StorageDeps): Promise<StorageView> {
  const [models, images, diskFreeBytes] = await Promise.all([d.models.list(), d.images.list(), d.diskFree()]);
  return {
    models: { items: models, ...d.models.usage() },
    images: { items: images, ...d.images.usage() },
    downloads: d.downloads.list(),
    diskFreeBytes,
  };
}

export async function freeStorage(d: StorageDeps, p: ApiParams<'storage.free'>): Promise<StorageView & { freedBytes: number }> {
  let freed = 0;
  try {
    if ('id' in p) {
      const source = p.id.startsWith('model:') ? d.models : p.id.startsWith('image:') ? d.images : null;
      if (!source) throw new CacheItemUnknown(`no cached item "${p.id}" (ids start with "model:" or "image:")`);
      freed = await source.free(p.id);
    } else {
      if (p.kind !== 'image') freed += await d.models.free(null);
      if (p.kind !== 'model') freed += await d.images.free(null);
    }
  } catch (err) {
    if (err instanceof CacheItemUnknown) throw new ApiFailure('bad-request', err.message, 'params.id', { cause: err });
    if (err instanceof CacheItemBusy) throw new ApiFailure('conflict', err.message, 'params.id', { cause: err });
    throw err;
  }
  return { ...(await storageView(d)), freedBytes: freed };
}
