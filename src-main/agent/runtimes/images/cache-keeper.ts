// The Docker side of the image cache: loads and saves the cache book, reconciles it with the
// images Docker really has, and removes the least recently used images the Island pulled itself
// when there are more than `[cache] max_cached_images` or they take more than `max_cache_gb`
// (the Rust Island only trimmed its in-memory map and never freed a byte of disk).
import type Dockerode from 'dockerode';
import type { Logger } from '../../log/logger';
import type { CacheBook } from './cache-book';
import { loadBook, saveBook } from './cache-file';
import { parseImageRef, taggedRefOf } from './image-ref';

export interface CacheKeeperOptions {
  docker: Dockerode;
  book: CacheBook;
  file: string;
  log: Logger;
  /** Images used this recently are never removed: a job may be about to create its container. */
  evictionGraceMs: number;
}

const PERSIST_DELAY_MS = 500;

export class CacheKeeper {
  private persistTimer: NodeJS.Timeout | undefined;
  private writing: Promise<void> = Promise.resolve();
  private evicting: Promise<string[]> = Promise.resolve([]);

  constructor(private readonly opts: CacheKeeperOptions) {}

  async load(): Promise<void> {
    await loadBook(this.opts.book, this.opts.file, this.opts.log);
  }

  /** The ids of every image Docker has now. */
  async localImageIds(): Promise<Set<string>> {
    const images = await this.opts.docker.listImages({ all: false });
    return new Set(images.map((i) => i.Id));
  }

  async reconcile(): Promise<void> {
    const images = await this.opts.docker.listImages({ all: false });
    const dropped = this.opts.book.reconcile(new Map(images.map((i) => [i.Id, { sizeBytes: i.Size }])));
    if (dropped.length > 0) {
      this.opts.log.info('images removed outside the Island are no longer tracked', { images: dropped });
      this.persistSoon();
    }
  }

  persistSoon(): void {
    if (this.persistTimer) return;
    this.persistTimer = setTimeout(() => {
      this.persistTimer = undefined;
      void this.persistNow();
    }, PERSIST_DELAY_MS);
    this.persistTimer.unref();
  }

  /** Writes now (serialised with any write under way). */
  persistNow(): Promise<void> {
    if (this.persistTimer) clearTimeout(this.persistTimer);
    this.persistTimer = undefined;
    this.writing = this.writing
      .then(() => saveBook(this.opts.book, this.opts.file))
      .catch((err: unknown) => this.opts.log.warn('cannot write the image cache file', { path: this.opts.file, error: (err as Error).message }));
    return this.writing;
  }

  /** Removes what the limits require; one run at a time. Returns the ids removed. */
  enforceLimits(): Promise<string[]> {
    this.evicting = this.evicting.then(() => this.evictOnce()).catch((err: unknown) => {
      this.opts.log.warn('image cache eviction failed', { error: (err as Error).message });
      return [];
    });
    return this.evicting;
  }

  private async evictOnce(): Promise<string[]> {
    const { docker, book, log } = this.opts;
    // Every container, running or not, pins its image: Docker would refuse anyway, and a stopped
    // container may be one the runner is about to inspect.
    const containers = await docker.listContainers({ all: true });
    const inUse = new Set(containers.map((c) => c.ImageID));
    const removed: string[] = [];
    for (const entry of book.evictionPlan(inUse, this.opts.evictionGraceMs)) {
      let info: Dockerode.ImageInspectInfo;
      try {
        info = await docker.getImage(entry.id).inspect();
      } catch {
        book.remove(entry.id);
        continue;
      }
      const foreignTags = (info.RepoTags ?? []).filter((t) => !entry.refs.some((r) => sameDockerRef(r, t)));
      if (foreignTags.length > 0) {
        // Someone tagged it since: it is theirs now.
        entry.pulledByIsland = false;
        log.info('not removing an image the owner has tagged', { image: entry.id, tags: foreignTags });
        continue;
      }
      try {
        await docker.getImage(entry.id).remove({ force: false });
      } catch (err) {
        log.warn('could not remove a cached image', { image: entry.id, refs: entry.refs, error: (err as Error).message });
        continue;
      }
      book.remove(entry.id);
      removed.push(entry.id);
      log.info('removed least recently used image', { image: entry.id, refs: entry.refs, size_mb: Math.round(entry.sizeBytes / 1048576), last_used: new Date(entry.lastUsed).toISOString() });
    }
    if (removed.length > 0) this.persistSoon();
    return removed;
  }

  close(): Promise<void> {
    return this.persistNow();
  }
}

/** `docker.io/library/nginx:latest` (ours) and `nginx:latest` (Docker's familiar form) are the same. */
function sameDockerRef(canonical: string, dockerRef: string): boolean {
  try {
    return taggedRefOf(parseImageRef(dockerRef)) === canonical;
  } catch {
    return false;
  }
}
