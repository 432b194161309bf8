// Filling one cache entry: download (downloader.ts), check the bytes against every hash the
// waiters expect, then move the file into place and record it. A hash mismatch after a resumed
// download is retried once from the start (the join may be what went wrong); any other failure
// leaves either a partial worth resuming, recorded as such, or nothing at all.
import path from 'node:path';
import type { BackoffOptions } from '../../../src-shared/domain/backoff';
import { modelHashMismatchText } from '../../../src-shared/domain/models/model-hash';
import { errorMessage } from '../../../src-shared/errors';
import type { Logger } from '../log/logger';
import { AGENT_VERSION } from '../version';
import type { CacheEntry, CacheIndex } from './cache-index';
import type { CacheMeta } from './cache-meta';
import { fullPath } from './cache-scan';
import type { CacheSpace } from './cache-space';
import { downloadModel } from './downloader';
import type { ModelResolver, ResolvedModel } from './hf-resolver';
import type { ModelDownload } from './model-download';
import type { ModelFs } from './model-fs';
import { ModelFetchError } from './model-store';
import { partialSize, partPath, removePartial, resumeMetaPath } from './partial-file';

export interface FillDeps {
  dir: string;
  fs: ModelFs;
  log: Logger;
  index: CacheIndex;
  meta: CacheMeta;
  space: CacheSpace;
  resolver: ModelResolver;
  maxBytes: number;
  retries: number;
  backoff: BackoffOptions;
  idleTimeoutMs: number;
  now: () => number;
}

export async function fillEntry(deps: FillDeps, d: ModelDownload, signal: AbortSignal): Promise<CacheEntry> {
  const { index, log } = deps;
  const { key, url, uri, fileName } = d.resolved;
  const dest = fullPath(path.join(deps.dir, key), fileName);
  const at = performance.now();
  let fresh = false;
  // Pinned from the start: a partial kept from before must not be evicted while it resumes.
  const kept = index.get(key);
  index.reserve(key, kept && !kept.complete ? kept.sizeBytes : 0);
  try {
    for (;;) {
      const got = await downloadModel({
        url: new URL(url),
        name: fileName,
        dest,
        fs: deps.fs,
        log,
        userAgent: `archipelag-island/${AGENT_VERSION}`,
        authorization: deps.resolver.authorization,
        signal,
        turns: d.ticket,
        fresh,
        reserve: (total, received) => deps.space.reserve(key, fileName, total ?? received, received),
        maxBytes: deps.maxBytes,
        onProgress: (received, total) => d.progress(received, total),
        onPhase: (phase) => d.setPhase(phase),
        retries: deps.retries,
        backoff: deps.backoff,
        idleTimeoutMs: deps.idleTimeoutMs,
      });
      const wrong = d.expectedHashes().find((h) => h !== got.sha256Hex);
      if (wrong !== undefined) {
        await removePartial(deps.fs, dest);
        if (got.resumed && !fresh) {
          log.warn('model hash mismatch after a resumed download; downloading it again from the start', { model: fileName, expected: wrong, actual: got.sha256Hex });
          fresh = true;
          continue;
        }
        throw new ModelFetchError('hash-mismatch', modelHashMismatchText(fileName, wrong, got.sha256Hex));
      }
      const entry = await commit(deps, d.resolved, dest, got.sha256Hex, got.sizeBytes);
      log.info('downloaded model', { model: fileName, uri, bytes: got.sizeBytes, sha256: got.sha256Hex, ms: Math.round(performance.now() - at), requests: got.requests, purpose: d.priority });
      return entry;
    }
  } catch (err) {
    await afterFailure(deps, dest, d.resolved);
    const e = err instanceof ModelFetchError ? err : new ModelFetchError('disk', `cannot store model ${fileName}: ${errorMessage(err)}`);
    if (e.kind === 'aborted') log.info('model download stopped', { model: fileName, error: e.message });
    else log.warn('model download failed', { model: fileName, uri, kind: e.kind, error: e.message });
    throw e;
  }
}

async function commit(deps: FillDeps, resolved: ResolvedModel, dest: string, sha256: string, size: number): Promise<CacheEntry> {
  // A download whose length was unknown reserved only what it had; now it counts in full.
  await deps.space.reserve(resolved.key, resolved.fileName, size, size);
  try {
    await deps.fs.rename(partPath(dest), dest);
  } catch (err) {
    await removePartial(deps.fs, dest);
    throw new ModelFetchError('disk', `cannot move model ${resolved.fileName} into the cache: ${errorMessage(err)}`);
  }
  await deps.fs.rm(resumeMetaPath(dest), { force: true }).catch(() => undefined);
  const entry: CacheEntry = { key: resolved.key, fileName: resolved.fileName, path: dest, sizeBytes: size, lastUsedAt: deps.now(), uri: resolved.uri, url: resolved.url, sha256, complete: true };
  deps.index.set(entry);
  deps.index.unreserve(resolved.key);
  // `hf://<repo>` is remembered, so that a later acquire finds it without the API.
  const fromRepo = deps.resolver.resolveOffline(resolved.uri) === null ? resolved.uri : undefined;
  await deps.meta.setEntry(resolved.key, { uri: resolved.uri, url: resolved.url, file: resolved.fileName, sha256 }, fromRepo);
  return entry;
}

/** The cache after a failed download: a partial kept to resume is an entry; anything else is gone. */
async function afterFailure(deps: FillDeps, dest: string, resolved: ResolvedModel): Promise<void> {
  const { index, meta } = deps;
  const { key } = resolved;
  index.unreserve(key);
  const kept = await partialSize(deps.fs, dest).catch(() => null);
  if (kept !== null) {
    index.set({ key, fileName: resolved.fileName, path: dest, sizeBytes: kept, lastUsedAt: deps.now(), uri: resolved.uri, url: resolved.url, sha256: null, complete: false });
    await meta.setEntry(key, { uri: resolved.uri, url: resolved.url, file: resolved.fileName, sha256: null });
    return;
  }
  if (index.get(key)?.complete) return;
  index.delete(key);
  await deps.fs.rm(path.join(deps.dir, key), { recursive: true, force: true }).catch(() => undefined);
}
