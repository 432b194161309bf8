// One download of one cache key, shared by everyone who asked for that model meanwhile: the
// server sees one request however many jobs wait. Each waiter may give up on its own (its job
// was cancelled); the download stops only when nobody waits any more. A job joining a preload
// makes it a job download (download-gate.ts). Progress goes to the dashboard at most 4 times a
// second, plus every change of phase.
import { ProgressThrottle } from '../../../src-shared/domain/models/progress-throttle';
import { errorMessage } from '../../../src-shared/errors';
import type { RuntimeEventSink } from '../runtimes/runtime-events';
import type { CacheEntry } from './cache-index';
import type { DownloadGate, DownloadPriority, GateTicket } from './download-gate';
import type { DownloadPhase } from './downloader';
import type { ResolvedModel } from './hf-resolver';
import { ModelFetchError, type ModelLease, type ModelPurpose } from './model-store';

interface Waiter {
  purpose: ModelPurpose;
  expectedHex: string | null;
  resolve(lease: ModelLease): void;
  reject(err: Error): void;
  detach(): void;
}

export interface ModelDownloadDeps {
  resolved: ResolvedModel;
  gate: DownloadGate;
  events: RuntimeEventSink;
  progressIntervalMs: number;
  now: () => number;
  /** Does the work: resolves with the committed entry. */
  run(download: ModelDownload, signal: AbortSignal): Promise<CacheEntry>;
  /** A lease on the committed entry, taken synchronously for each waiter. */
  lease(entry: CacheEntry): ModelLease;
  /** Every waiter gave up; the download is stopping. */
  onAbandoned(download: ModelDownload): void;
  /** It succeeded or failed; called before any waiter hears, so that no one joins it any more. */
  onFinished(download: ModelDownload): void;
}

export class ModelDownload {
  readonly startedAt: number;
  readonly ticket: GateTicket;
  readonly settled: Promise<void>;
  received = 0;
  total: number | null = null;
  phase: DownloadPhase = 'waiting';
  private readonly waiters = new Set<Waiter>();
  private readonly stop = new AbortController();
  private readonly throttle: ProgressThrottle;
  private started = false;

  constructor(
    private readonly deps: ModelDownloadDeps,
    first: ModelPurpose,
    private readonly closing: AbortSignal,
  ) {
    this.startedAt = deps.now();
    this.throttle = new ProgressThrottle(deps.progressIntervalMs, deps.now);
    this.ticket = deps.gate.ticket(priorityOf(first));
    let settle!: () => void;
    this.settled = new Promise<void>((r) => (settle = r));
    queueMicrotask(() => void this.execute().finally(settle));
  }

  get resolved(): ResolvedModel {
    return this.deps.resolved;
  }

  get priority(): DownloadPriority {
    return this.ticket.priority;
  }

  get waiterCount(): number {
    return this.waiters.size;
  }

  get abandoned(): boolean {
    return this.stop.signal.aborted;
  }

  /** The hashes the current waiters expect (bare lower-case hex). */
  expectedHashes(): string[] {
    return [...new Set([...this.waiters].flatMap((w) => (w.expectedHex === null ? [] : [w.expectedHex])))];
  }

  join(purpose: ModelPurpose, expectedHex: string | null, signal: AbortSignal | undefined): Promise<ModelLease> {
    if (priorityOf(purpose) === 'job') this.ticket.promote();
    return new Promise<ModelLease>((resolve, reject) => {
      const onAbort = () => this.leave(waiter);
      const waiter: Waiter = {
        purpose,
        expectedHex,
        resolve,
        reject,
        detach: () => signal?.removeEventListener('abort', onAbort),
      };
      this.waiters.add(waiter);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  /** Called by the downloader for every chunk and phase change. */
  progress(received: number, total: number | null): void {
    this.received = received;
    this.total = total;
    if (this.throttle.take()) this.emit('progress');
  }

  setPhase(phase: DownloadPhase): void {
    if (phase === this.phase) return;
    const wasPaused = this.phase === 'paused';
    this.phase = phase;
    if (phase === 'paused' || (wasPaused && phase === 'running')) this.emit('progress');
  }

  private leave(waiter: Waiter): void {
    if (!this.waiters.delete(waiter)) return;
    waiter.detach();
    waiter.reject(new ModelFetchError('aborted', `the request for model ${this.resolved.fileName} was cancelled`));
    if (this.waiters.size === 0 && !this.started) return;
    if (this.waiters.size === 0) {
      this.stop.abort();
      this.deps.onAbandoned(this);
    }
  }

  private async execute(): Promise<void> {
    this.started = true;
    if (this.waiters.size === 0) {
      this.stop.abort();
      this.deps.onAbandoned(this);
    }
    this.emit('started');
    try {
      const entry = await this.deps.run(this, AbortSignal.any([this.stop.signal, this.closing]));
      this.deps.onFinished(this);
      this.received = entry.sizeBytes;
      this.total = entry.sizeBytes;
      this.emit('done');
      for (const w of this.drain()) w.resolve(this.deps.lease(entry));
    } catch (err) {
      this.deps.onFinished(this);
      const error = err instanceof Error ? err : new Error(errorMessage(err));
      this.emit('failed', error.message);
      for (const w of this.drain()) w.reject(error);
    } finally {
      this.ticket.close();
    }
  }

  private drain(): Waiter[] {
    const all = [...this.waiters];
    this.waiters.clear();
    for (const w of all) w.detach();
    return all;
  }

  private emit(phase: 'started' | 'progress' | 'done' | 'failed', error?: string): void {
    const { url, uri, key } = this.resolved;
    this.deps.events({
      type: 'download',
      source: 'model',
      url,
      uri,
      key,
      purpose: this.priority === 'job' ? 'job' : 'preload',
      phase,
      receivedBytes: this.received,
      ...(this.total !== null ? { totalBytes: this.total } : {}),
      ...(this.phase === 'paused' && phase === 'progress' ? { paused: true } : {}),
      ...(error !== undefined ? { error } : {}),
    });
  }
}

function priorityOf(purpose: ModelPurpose): DownloadPriority {
  return purpose === 'preload' ? 'preload' : 'job';
}
