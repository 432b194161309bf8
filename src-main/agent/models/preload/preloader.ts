// Background model downloads (island-protocol.md §7.5, §7.6): the starter set at start, then
// whatever the coordinator recommends, pushed on `host.{id}.preload` (recommend()) or polled over
// HTTP. One at a time, behind every job download (the cache pauses a preload while a job
// downloads, download-gate.ts); a model already cached, queued or downloading is not queued
// again; a failure is a warning and the next model goes on.
import { fileSuitsRuntime, type NativeRuntime, type StarterModel } from '../../../../src-shared/domain/models/starter-set';
import { errorMessage } from '../../../../src-shared/errors';
import type { PreloadRecommendation } from '../../../../src-shared/protocol/messages';
import type { Logger } from '../../log/logger';
import type { ResolvedModel } from '../hf-resolver';
import { ModelFetchError, type ModelLease, type ModelRequest } from '../model-store';
import { RecommendationsPoll, type RecommendationsPollOptions } from './recommendations-poll';

/** What the preloader needs of the model cache. */
export interface PreloadCache {
  acquire(req: ModelRequest): Promise<ModelLease>;
  resolve(uri: string, signal?: AbortSignal): Promise<ResolvedModel>;
  peek(uri: string): { key: string; state: 'cached' | 'partial' | 'downloading' | 'absent' } | null;
}

export type PreloadSource = 'starter' | 'push' | 'poll';

export interface PreloadItem {
  uri: string;
  sha256: string | null;
  /** The runtime a starter entry is for: a discovered file it cannot load is skipped. */
  runtime: NativeRuntime | null;
  source: PreloadSource;
  /** For the log: the starter entry's name or the recommendation's workload. */
  label: string;
}

export interface PreloaderOptions {
  cache: PreloadCache;
  log: Logger;
  starter: readonly StarterModel[];
  /** `[preload] enabled`: false also ignores the coordinator's recommendations. */
  enabled: boolean;
  /** Set when `[coordinator] api_url` is. */
  poll?: RecommendationsPollOptions | null;
  /** Longest queue; recommendations beyond it are dropped with a warning (default 64). */
  maxQueue?: number;
  /**
   * How long a model that failed for good (wrong hash, not found, too large) is not tried again
   * (default 6 h): the poll recommends it every 15 minutes, and a wrong hash would otherwise cost
   * a whole download each time. A network failure is retried at the next recommendation (its
   * partial file resumes).
   */
  quarantineMs?: number;
  now?: () => number;
}

export interface PreloaderStatus {
  current: PreloadItem | null;
  queued: PreloadItem[];
  done: number;
  failed: number;
  skipped: number;
}

export class Preloader {
  private readonly queue: PreloadItem[] = [];
  private current: PreloadItem | null = null;
  private running: Promise<void> | null = null;
  private stopper = new AbortController();
  private poll: RecommendationsPoll | null = null;
  private started = false;
  private counts = { done: 0, failed: 0, skipped: 0 };
  private readonly failedAt = new Map<string, number>();

  constructor(private readonly opts: PreloaderOptions) {}

  start(): void {
    if (this.started) return;
    this.started = true;
    this.stopper = new AbortController();
    const { log, starter, enabled, poll } = this.opts;
    if (!enabled) {
      log.info('preload is disabled ([preload] enabled = false)');
      return;
    }
    if (starter.length > 0) log.info(`starter preload: ${starter.length} model(s)`, { models: starter.map((m) => m.uri) });
    for (const m of starter) this.enqueue({ uri: m.uri, sha256: null, runtime: m.runtime, source: 'starter', label: m.name });
    if (poll) {
      this.poll = new RecommendationsPoll(poll, (rec) => this.recommend(rec, 'poll'), log);
      this.poll.start();
    }
  }

  /** A recommendation from the coordinator (the NATS push, or the poll). */
  recommend(rec: PreloadRecommendation, source: PreloadSource = 'push'): void {
    const fields = { workload: rec.workload_slug, runtime: rec.runtime_type, queued_demand: rec.queued_demand, source };
    if (!rec.model_url) return this.opts.log.info('preload recommendation without a model_url; nothing to download', fields);
    if (!this.opts.enabled) return this.opts.log.info('preload recommendation ignored: [preload] enabled = false', { ...fields, model_url: rec.model_url });
    if (!this.started) return this.opts.log.debug('preload recommendation before start; ignored', fields);
    this.enqueue({ uri: rec.model_url, sha256: rec.model_hash, runtime: null, source, label: rec.workload_slug });
  }

  async stop(): Promise<void> {
    this.started = false;
    this.poll?.stop();
    this.poll = null;
    this.queue.length = 0;
    this.stopper.abort();
    await this.running;
  }

  /** Resolves when nothing is queued or downloading (tests, and a "preloads done" log). */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  status(): PreloaderStatus {
    return { current: this.current, queued: [...this.queue], ...this.counts };
  }

  private enqueue(item: PreloadItem): void {
    const { log } = this.opts;
    if (this.current?.uri === item.uri || this.queue.some((q) => q.uri === item.uri)) {
      log.debug('preload already queued', { uri: item.uri });
      return;
    }
    const failed = this.failedAt.get(item.uri);
    const now = (this.opts.now ?? Date.now)();
    if (failed !== undefined && now - failed < (this.opts.quarantineMs ?? 6 * 3_600_000)) {
      log.debug('preload skipped: it failed recently', { uri: item.uri });
      return;
    }
    const known = this.opts.cache.peek(item.uri);
    if (known?.state === 'cached' || known?.state === 'downloading') {
      log.debug(`preload skipped: model ${known.state}`, { uri: item.uri });
      return;
    }
    if (this.queue.length >= (this.opts.maxQueue ?? 64)) {
      log.warn('preload queue is full; recommendation dropped', { uri: item.uri, label: item.label });
      return;
    }
    this.queue.push(item);
    this.kick();
  }

  private kick(): void {
    if (this.running) return;
    this.running = this.work().finally(() => {
      this.running = null;
      // An item queued while the last one finished would otherwise wait for the next enqueue.
      if (this.queue.length > 0 && !this.stopper.signal.aborted) this.kick();
    });
  }

  private async work(): Promise<void> {
    for (let item = this.queue.shift(); item && !this.stopper.signal.aborted; item = this.queue.shift()) {
      this.current = item;
      try {
        await this.preload(item);
      } catch (err) {
        if (this.stopper.signal.aborted) break;
        this.counts.failed += 1;
        if (err instanceof ModelFetchError && err.kind !== 'network' && err.kind !== 'aborted') this.failedAt.set(item.uri, (this.opts.now ?? Date.now)());
        this.opts.log.warn('preload failed', { uri: item.uri, label: item.label, source: item.source, error: errorMessage(err) });
      } finally {
        this.current = null;
      }
    }
  }

  private async preload(item: PreloadItem): Promise<void> {
    const { cache, log } = this.opts;
    const signal = this.stopper.signal;
    const resolved = await cache.resolve(item.uri, signal);
    if (!fileSuitsRuntime(resolved.fileName, item.runtime)) {
      this.counts.skipped += 1;
      log.warn(`preload skipped: ${resolved.fileName} is not a file the ${item.runtime} runtime loads`, { uri: item.uri, label: item.label });
      return;
    }
    const state = cache.peek(item.uri)?.state;
    if (state === 'cached') {
      this.counts.skipped += 1;
      return;
    }
    const at = performance.now();
    const lease = await cache.acquire({ uri: item.uri, sha256: item.sha256, purpose: 'preload', signal });
    lease.release();
    this.counts.done += 1;
    log.info('preloaded model', { uri: item.uri, label: item.label, source: item.source, bytes: lease.sizeBytes, ms: Math.round(performance.now() - at) });
  }
}
