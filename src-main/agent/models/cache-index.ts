// What the model cache holds, in memory: one entry per cache key (a complete file, or a partial
// download kept to be resumed), who holds a lease on it, and the space running downloads have
// reserved. Pure bookkeeping; the files are the cache's business.
import type { EvictionCandidate } from '../../../src-shared/domain/models/eviction-plan';
import type { ModelLease } from './model-store';

export interface CacheEntry {
  key: string;
  /** Relative path inside the entry's directory; may contain `/`. */
  fileName: string;
  /** Absolute path of the file (complete) or of the final name the partial will take. */
  path: string;
  sizeBytes: number;
  lastUsedAt: number;
  /** What was asked for (`hf://…` or the URL); null when only the directory is known (a Rust Island's entry). */
  uri: string | null;
  url: string | null;
  /** Bare lower-case hex, once computed. */
  sha256: string | null;
  complete: boolean;
}

export class CacheIndex {
  private readonly entries = new Map<string, CacheEntry>();
  private readonly leases = new Map<string, number>();
  private readonly reserved = new Map<string, number>();

  get(key: string): CacheEntry | undefined {
    return this.entries.get(key);
  }

  set(entry: CacheEntry): void {
    this.entries.set(entry.key, entry);
  }

  delete(key: string): void {
    this.entries.delete(key);
  }

  all(): CacheEntry[] {
    return [...this.entries.values()];
  }

  isLeased(key: string): boolean {
    return (this.leases.get(key) ?? 0) > 0;
  }

  /** A lease on a complete entry; eviction skips the key until every lease is released. */
  lease(entry: CacheEntry): ModelLease {
    this.leases.set(entry.key, (this.leases.get(entry.key) ?? 0) + 1);
    let released = false;
    return {
      path: entry.path,
      key: entry.key,
      sizeBytes: entry.sizeBytes,
      release: () => {
        if (released) return;
        released = true;
        const n = (this.leases.get(entry.key) ?? 1) - 1;
        if (n > 0) this.leases.set(entry.key, n);
        else this.leases.delete(entry.key);
      },
    };
  }

  reserve(key: string, bytes: number): void {
    this.reserved.set(key, bytes);
  }

  unreserve(key: string): void {
    this.reserved.delete(key);
  }

  reservation(key: string): number | undefined {
    return this.reserved.get(key);
  }

  /** Everything the cap covers: files on disk, with a running download counted at its reserved (full) size. */
  usedBytes(): number {
    let used = 0;
    for (const e of this.entries.values()) if (!this.reserved.has(e.key)) used += e.sizeBytes;
    for (const bytes of this.reserved.values()) used += bytes;
    return used;
  }

  candidates(): EvictionCandidate[] {
    return this.all().map((e) => ({ key: e.key, sizeBytes: e.sizeBytes, lastUsedAt: e.lastUsedAt, pinned: this.isLeased(e.key) || this.reserved.has(e.key) }));
  }
}
