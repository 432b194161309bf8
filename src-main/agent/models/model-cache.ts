// The model cache (island-protocol.md §7): models by URI into `<cache_dir>/<sha256(url)>/<file>`
// (the Rust Island's layout), downloaded once however many jobs ask, verified while they stream,
// resumed after a dropped connection, kept under `[model_cache] max_cache_gb` by evicting the
// least recently used models nobody holds. Runtimes see only ModelStore.acquire; the dashboard
// lists, frees and watches downloads; preloads (preload/) go through the same door and give way
// to jobs.
import path from 'node:path';
import type { BackoffOptions } from '../../../src-shared/domain/backoff';
import { modelHashMismatchText, parseExpectedModelHash, type ExpectedHash } from '../../../src-shared/domain/models/model-hash';
import { DEFAULT_HF_BASE } from '../../../src-shared/domain/models/model-uri';
import { errorMessage, IslandError } from '../../../src-shared/errors';
import type { Logger } from '../log/logger';
import type { RuntimeEventSink } from '../runtimes/runtime-events';
import { AGENT_VERSION } from '../version';
import { fillEntry, type FillDeps } from './cache-fill';
import { CacheIndex, type CacheEntry } from './cache-index';
import { CacheMeta } from './cache-meta';
import { scanCache } from './cache-scan';
import { CacheSpace } from './cache-space';
import { downloadView, itemView, type ModelCacheItem, type ModelCacheUsage, type ModelDownloadInfo } from './cache-views';
import { DownloadGate } from './download-gate';
import { ModelResolver, type ResolvedModel } from './hf-resolver';
import { ModelDownload } from './model-download';
import { isErrno, nodeModelFs, type ModelFs } from './model-fs';
import { ModelFetchError, type ModelLease, type ModelRequest, type ModelStore } from './model-store';
import { hashFilePrefix } from './partial-file';
import { formatSize } from './sizes';

export type { ModelCacheItem, ModelCacheUsage, ModelDownloadInfo } from './cache-views';

export interface ModelCacheOptions {
  dir: string;
  maxBytes: number;
  log: Logger;
  events?: RuntimeEventSink;
  /** Default https://huggingface.co; tests point it at a local server. */
  hfBase?: string;
  hfToken?: string;
  fs?: ModelFs;
  /** Consecutive failed attempts without progress before a download gives up (default 5). */
  retries?: number;
  backoff?: BackoffOptions;
  /** No bytes for this long and the attempt fails and is retried (default 30 s). */
  idleTimeoutMs?: number;
  progressIntervalMs?: number;
  now?: () => number;
}

/** A dashboard request the cache refuses: the entry is in use, being downloaded, or unknown. */
export class ModelEvictError extends IslandError {
  override name = 'ModelEvictError';
  constructor(
    readonly reason: 'in-use' | 'downloading' | 'unknown',
    message: string,
  ) {
    super(message);
  }
}

export class ModelCache implements ModelStore {
  private readonly index = new CacheIndex();
  private readonly inflight = new Map<string, ModelDownload>();
  /** Downloads everyone gave up on, still closing their files; a new one for the key waits. */
  private readonly stopping = new Map<string, Promise<void>>();
  private readonly gate = new DownloadGate();
  private readonly closing = new AbortController();
  private readonly fs: ModelFs;
  private readonly meta: CacheMeta;
  private readonly space: CacheSpace;
  private readonly resolver: ModelResolver;
  private readonly events: RuntimeEventSink;
  private readonly now: () => number;
  private readonly fill: FillDeps;
  private initialised: Promise<void> | null = null;

  constructor(private readonly opts: ModelCacheOptions) {
    this.fs = opts.fs ?? nodeModelFs;
    this.now = opts.now ?? Date.now;
    this.events = opts.events ?? (() => {});
    this.meta = new CacheMeta(opts.dir, this.fs, opts.log);
    this.resolver = new ModelResolver({
      hfBase: opts.hfBase ?? DEFAULT_HF_BASE,
      hfToken: opts.hfToken,
      userAgent: `archipelag-island/${AGENT_VERSION}`,
      idleTimeoutMs: opts.idleTimeoutMs ?? 30_000,
    });
    this.space = new CacheSpace({ index: this.index, fs: this.fs, dir: opts.dir, maxBytes: opts.maxBytes, remove: (key, why) => this.removeEntry(key, why) });
    this.fill = {
      dir: opts.dir,
      fs: this.fs,
      log: opts.log,
      index: this.index,
      meta: this.meta,
      space: this.space,
      resolver: this.resolver,
      maxBytes: opts.maxBytes,
      retries: opts.retries ?? 5,
      backoff: opts.backoff ?? { initialMs: 1_000, maxMs: 30_000 },
      idleTimeoutMs: opts.idleTimeoutMs ?? 30_000,
      now: this.now,
    };
  }

  get dir(): string {
    return this.opts.dir;
  }

  get capBytes(): number {
    return this.opts.maxBytes;
  }

  /** Scans the directory (once; again after a failure); acquire() waits for it. */
  init(): Promise<void> {
    this.initialised ??= this.scan().catch((err: unknown) => {
      this.initialised = null;
      throw new ModelFetchError('disk', `cannot open the model cache at ${this.opts.dir}: ${errorMessage(err)}`);
    });
    return this.initialised;
  }

  async acquire(req: ModelRequest): Promise<ModelLease> {
    const expected = parseExpectedModelHash(req.sha256);
    if (!expected.ok) throw new ModelFetchError('bad-uri', expected.error);
    await this.init();
    const signal = req.signal ?? new AbortController().signal;
    if (this.closing.signal.aborted || signal.aborted) throw new ModelFetchError('aborted', `the request for model ${req.uri} was cancelled`);
    const resolved = await this.resolve(req.uri, signal);
    const expectedHex = expected.value.check ? expected.value.hex : null;
    for (;;) {
      const hit = await this.hit(resolved, expected.value);
      if (hit) return hit;
      const running = this.inflight.get(resolved.key);
      if (running) return running.join(req.purpose, expectedHex, signal);
      // A download may have finished while the hit was checked: use it rather than fetch again.
      if (this.index.get(resolved.key)?.complete) continue;
      return this.startDownload(resolved, req.purpose).join(req.purpose, expectedHex, signal);
    }
  }

  /**
   * Where `uri` downloads from, without the network when possible: `hf://<repo>` resolved once
   * before and still cached is answered from the index.
   */
  async resolve(uri: string, signal: AbortSignal = this.closing.signal): Promise<ResolvedModel> {
    const offline = this.resolver.resolveOffline(uri);
    if (offline) return offline;
    const known = this.meta.resolvedKey(uri);
    const entry = known === undefined ? undefined : this.index.get(known);
    if (entry?.complete && entry.url) return { uri, url: entry.url, fileName: entry.fileName, key: entry.key };
    return this.resolver.resolve(uri, AbortSignal.any([signal, this.closing.signal]));
  }

  /** What the cache knows of `uri` without the network; null for an `hf://<repo>` not resolved before. */
  peek(uri: string): { key: string; state: 'cached' | 'partial' | 'downloading' | 'absent' } | null {
    let key: string | undefined;
    try {
      key = this.resolver.resolveOffline(uri)?.key ?? this.meta.resolvedKey(uri);
    } catch {
      return null;
    }
    if (key === undefined) return null;
    if (this.inflight.has(key)) return { key, state: 'downloading' };
    const e = this.index.get(key);
    return { key, state: e ? (e.complete ? 'cached' : 'partial') : 'absent' };
  }

  list(): ModelCacheItem[] {
    return this.index
      .all()
      .sort((a, b) => b.lastUsedAt - a.lastUsedAt)
      .map((e) => itemView(e, this.index));
  }

  async usage(): Promise<ModelCacheUsage> {
    const all = this.index.all();
    let diskFreeBytes: number | null = null;
    try {
      const st = await this.fs.statfs(this.opts.dir);
      diskFreeBytes = st.bavail * st.bsize;
    } catch {
      diskFreeBytes = null;
    }
    return {
      usedBytes: this.index.usedBytes(),
      capBytes: this.opts.maxBytes,
      partialBytes: all.filter((e) => !e.complete).reduce((n, e) => n + e.sizeBytes, 0),
      entries: all.length,
      diskFreeBytes,
    };
  }

  downloads(): ModelDownloadInfo[] {
    return [...this.inflight.values()].map(downloadView);
  }

  /** Removes one entry; refused while a job holds it or it is being downloaded. */
  async evict(key: string): Promise<{ freedBytes: number }> {
    await this.init();
    const running = this.inflight.get(key);
    if (running || this.index.reservation(key) !== undefined) {
      throw new ModelEvictError('downloading', `model ${running?.resolved.fileName ?? key} is being downloaded`);
    }
    const e = this.index.get(key);
    if (!e) throw new ModelEvictError('unknown', `no cached model with key ${key}`);
    if (this.index.isLeased(key)) throw new ModelEvictError('in-use', `model ${e.fileName} is in use by a running job`);
    await this.removeEntry(key, 'removed by the owner');
    return { freedBytes: e.sizeBytes };
  }

  /** Removes every entry (and kept partial download) that nothing holds or downloads. */
  async freeUnused(): Promise<{ removed: string[]; freedBytes: number }> {
    await this.init();
    const removed: string[] = [];
    let freedBytes = 0;
    for (const e of this.index.all()) {
      if (this.index.isLeased(e.key) || this.inflight.has(e.key) || this.index.reservation(e.key) !== undefined) continue;
      await this.removeEntry(e.key, 'freed by the owner');
      removed.push(e.key);
      freedBytes += e.sizeBytes;
    }
    return { removed, freedBytes };
  }

  /** Stops every download (partials that can resume are kept) and waits for them to let go of their files. */
  async close(): Promise<void> {
    this.closing.abort();
    await Promise.all([...this.inflight.values()].map((d) => d.settled));
    await Promise.all(this.stopping.values());
  }

  private async scan(): Promise<void> {
    await this.meta.load();
    const entries = await scanCache(this.fs, this.opts.dir, this.meta, this.opts.log);
    for (const e of entries) this.index.set(e);
    await this.meta.retainOnly(new Set(entries.map((e) => e.key)));
    const used = entries.reduce((n, e) => n + e.sizeBytes, 0);
    this.opts.log.info('model cache ready', { dir: this.opts.dir, entries: entries.length, used: formatSize(used), cap: formatSize(this.opts.maxBytes) });
  }

  /** A lease on the cached file when it is there and (if a hash is expected) matches. */
  private async hit(resolved: ResolvedModel, expected: ExpectedHash): Promise<ModelLease | null> {
    const e = this.index.get(resolved.key);
    if (!e?.complete) return null;
    // Leased first, so that nothing evicts the file while it is checked.
    const lease = this.index.lease(e);
    try {
      const st = await this.fs.stat(e.path).catch(() => null);
      if (!st?.isFile()) {
        lease.release();
        this.opts.log.warn('a cached model file disappeared; downloading it again', { file: e.path });
        await this.removeEntry(e.key, 'its file is gone');
        return null;
      }
      if (expected.check) {
        const actual = e.sha256 ?? (await this.recordHash(e));
        if (actual !== expected.hex) {
          lease.release();
          if (this.index.isLeased(e.key)) {
            throw new ModelFetchError('hash-mismatch', `${modelHashMismatchText(e.fileName, expected.hex, actual)} (the cached copy is in use, so it cannot be replaced now)`);
          }
          this.opts.log.warn('cached model does not match the expected hash; downloading it again', { file: e.path, expected: expected.hex, actual });
          await this.removeEntry(e.key, 'its hash does not match');
          return null;
        }
      }
    } catch (err) {
      lease.release();
      throw err instanceof ModelFetchError ? err : new ModelFetchError('disk', `cannot read cached model ${e.fileName}: ${errorMessage(err)}`);
    }
    e.lastUsedAt = this.now();
    const when = new Date(e.lastUsedAt);
    await this.fs.utimes(path.join(this.opts.dir, e.key), when, when).catch(() => undefined);
    return lease;
  }

  /** A file from before (a Rust Island's, or one whose index was lost) is hashed once. */
  private async recordHash(e: CacheEntry): Promise<string> {
    const hex = (await hashFilePrefix(this.fs, e.path)).hash.digest('hex');
    e.sha256 = hex;
    await this.meta.setEntry(e.key, { uri: e.uri, url: e.url, file: e.fileName, sha256: hex });
    return hex;
  }

  private startDownload(resolved: ResolvedModel, purpose: ModelRequest['purpose']): ModelDownload {
    const previous = this.stopping.get(resolved.key);
    const download = new ModelDownload(
      {
        resolved,
        gate: this.gate,
        events: this.events,
        progressIntervalMs: this.opts.progressIntervalMs ?? 250,
        now: this.now,
        run: async (d, signal) => {
          await previous;
          return fillEntry(this.fill, d, signal);
        },
        lease: (entry) => this.index.lease(entry),
        onFinished: (d) => {
          if (this.inflight.get(resolved.key) === d) this.inflight.delete(resolved.key);
        },
        onAbandoned: (d) => {
          if (this.inflight.get(resolved.key) === d) this.inflight.delete(resolved.key);
          const done = d.settled.finally(() => {
            if (this.stopping.get(resolved.key) === done) this.stopping.delete(resolved.key);
          });
          this.stopping.set(resolved.key, done);
        },
      },
      purpose,
      this.closing.signal,
    );
    this.inflight.set(resolved.key, download);
    return download;
  }

  private async removeEntry(key: string, why: string): Promise<void> {
    const e = this.index.get(key);
    this.index.delete(key);
    try {
      await this.fs.rm(path.join(this.opts.dir, key), { recursive: true, force: true });
    } catch (err) {
      if (!isErrno(err, 'ENOENT')) this.opts.log.warn('could not remove a model cache entry', { key, error: errorMessage(err) });
    }
    await this.meta.removeEntries([key]);
    if (e) this.opts.log.info(`evicted model ${e.fileName} (${formatSize(e.sizeBytes)}) ${why}`, { key, uri: e.uri });
  }
}
