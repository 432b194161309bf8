// The image cache (runtimes/images: CacheBook + CacheKeeper) as a CacheSource. Only images the
// Island pulled itself can be freed: the owner's own images are listed but never removed, nor is
// an image any container uses. Docker itself refuses to remove an image someone tagged since.
import type Dockerode from 'dockerode';
import type { CachedItemView } from '../../../src-shared/api/views';
import type { CacheBook, CachedImage } from '../runtimes/images/cache-book';
import type { Logger } from '../log/logger';
import { CacheItemBusy, CacheItemUnknown, type CacheSource, type CacheUsage } from './cache-source';

export interface ImageCacheParts {
  docker: Pick<Dockerode, 'listContainers' | 'getImage'>;
  book: CacheBook;
  /** Saves the book after a change (CacheKeeper.persistSoon). */
  persist: () => void;
  capBytes: number;
  log: Logger;
}

const PREFIX = 'image:';

export class ImageCacheSource implements CacheSource {
  readonly kind = 'image' as const;

  constructor(private readonly p: ImageCacheParts) {}

  async list(): Promise<CachedItemView[]> {
    const inUse = await this.imagesInUse();
    return [...this.p.book.images.values()]
      .sort((a, b) => b.lastUsed - a.lastUsed)
      .map((e) => ({ id: PREFIX + e.id, kind: 'image', name: e.refs[0] ?? e.id, sizeBytes: e.sizeBytes, lastUsedAt: e.lastUsed, inUse: inUse.has(e.id) }));
  }

  usage(): CacheUsage {
    let used = 0;
    for (const e of this.p.book.images.values()) used += e.sizeBytes;
    return { usedBytes: used, capBytes: this.p.capBytes };
  }

  async free(id: string | null): Promise<number> {
    const inUse = await this.imagesInUse();
    if (id !== null) {
      const entry = this.p.book.images.get(id.startsWith(PREFIX) ? id.slice(PREFIX.length) : id);
      if (!entry) throw new CacheItemUnknown(`no cached image "${id}"`);
      if (inUse.has(entry.id)) throw new CacheItemBusy(`image ${entry.refs[0] ?? entry.id} is used by a container`);
      if (!entry.pulledByIsland) throw new CacheItemBusy(`image ${entry.refs[0] ?? entry.id} was on this machine before the Island used it; remove it with docker if you want it gone`);
      return (await this.remove(entry)) ? entry.sizeBytes : 0;
    }
    let freed = 0;
    for (const entry of [...this.p.book.images.values()]) {
      if (entry.pulledByIsland && !inUse.has(entry.id) && (await this.remove(entry))) freed += entry.sizeBytes;
    }
    return freed;
  }

  private async remove(entry: CachedImage): Promise<boolean> {
    try {
      await this.p.docker.getImage(entry.id).remove({ force: false });
    } catch (err) {
      this.p.log.warn('could not remove a cached image', { image: entry.id, refs: entry.refs, error: (err as Error).message });
      return false;
    }
    this.p.book.remove(entry.id);
    this.p.persist();
    this.p.log.info('removed a cached image (from the dashboard)', { image: entry.id, refs: entry.refs, size_mb: Math.round(entry.sizeBytes / 1048576) });
    return true;
  }

  private async imagesInUse(): Promise<Set<string>> {
    try {
      const containers = await this.p.docker.listContainers({ all: true });
      return new Set(containers.map((c) => c.ImageID));
    } catch {
      // Docker is away: nothing can be removed now anyway, and the list still shows what is cached.
      return new Set();
    }
  }
}
