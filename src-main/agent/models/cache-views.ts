// What the dashboard sees of the model cache: the entries with their size, last use and whether
// a job holds them, the space used against the cap, and the downloads running now.
import type { CacheEntry, CacheIndex } from './cache-index';
import type { DownloadPhase } from './downloader';
import type { ModelDownload } from './model-download';

export interface ModelCacheItem {
  /** The cache key (sha256 of the download URL): the id to evict by. */
  key: string;
  uri: string | null;
  url: string | null;
  fileName: string;
  path: string;
  sizeBytes: number;
  lastUsedAt: number;
  inUse: boolean;
  /** False for a partial download kept to be resumed. */
  complete: boolean;
  sha256: string | null;
}

export interface ModelCacheUsage {
  usedBytes: number;
  capBytes: number;
  /** Of usedBytes, what partial downloads take. */
  partialBytes: number;
  entries: number;
  /** Free space on the cache's disk; null when the file system does not say. */
  diskFreeBytes: number | null;
}

export interface ModelDownloadInfo {
  key: string;
  uri: string;
  url: string;
  fileName: string;
  purpose: 'job' | 'preload';
  phase: DownloadPhase;
  receivedBytes: number;
  totalBytes: number | null;
  waiters: number;
  startedAt: number;
}

export function itemView(e: CacheEntry, index: CacheIndex): ModelCacheItem {
  return {
    key: e.key,
    uri: e.uri,
    url: e.url,
    fileName: e.fileName,
    path: e.path,
    sizeBytes: e.sizeBytes,
    lastUsedAt: e.lastUsedAt,
    inUse: index.isLeased(e.key) || index.reservation(e.key) !== undefined,
    complete: e.complete,
    sha256: e.sha256,
  };
}

export function downloadView(d: ModelDownload): ModelDownloadInfo {
  const { key, uri, url, fileName } = d.resolved;
  return {
    key,
    uri,
    url,
    fileName,
    purpose: d.priority,
    phase: d.phase,
    receivedBytes: d.received,
    totalBytes: d.total,
    waiters: d.waiterCount,
    startedAt: d.startedAt,
  };
}
