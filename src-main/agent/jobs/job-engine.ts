// The job engine knows no runtime: it validates each assignment, admits it against the slot
// limit, drops duplicates, honours cancels (even ones that arrive before their job), and drains
// on shutdown. Jobs come from the JetStream puller (with a slot already held) or, on core NATS,
// are pushed and wait in a small bounded queue.
import { decodeAssignJob } from '../../../src-shared/protocol/decode';
import type { AssignJob, TerminalJobState } from '../../../src-shared/protocol/messages';
import type { Logger } from '../log/logger';
import { executeJob, type ExecutionSettings, type JobFinish } from './job-execution';
import { RecentIds } from './recent-ids';
import type { JobReporter } from './reporter';
import { abortReasonOf } from './runtime';
import type { RuntimeRegistry } from './runtime-registry';
import { Slots, type Release } from './slots';

export type JobEvent =
  | { type: 'started'; job: AssignJob; at: number }
  | { type: 'token'; jobId: string; text: string }
  | { type: 'finished'; job: AssignJob; finish: JobFinish; at: number }
  | { type: 'rejected'; jobId: string | null; error: string; at: number };

export interface ActiveJob {
  job: AssignJob;
  startedAt: number;
  controller: AbortController;
}

export interface JobEngineOptions {
  maxConcurrent: number;
  registry: RuntimeRegistry;
  reporter: JobReporter;
  log: Logger;
  settings?: Partial<ExecutionSettings>;
  /** Jobs pushed on core NATS that may wait for a slot; beyond this they are refused. */
  maxQueued?: number;
  /**
   * How long a pushed job may wait for a slot. It has no status meanwhile and its lease is not
   * renewed, so after this it is refused and the coordinator can place it elsewhere.
   */
  maxQueueWaitMs?: number;
  onEvent?: (event: JobEvent) => void;
}

const DEFAULT_SETTINGS: ExecutionSettings = {
  leaseIntervalMs: 30_000,
  leaseExtendSeconds: 60,
  abortGraceMs: 10_000,
  // Pulling a multi-GB image on a home connection; the lease is renewed meanwhile.
  prepareTimeoutSeconds: 1_800,
};
const RECENT_TTL_MS = 10 * 60_000;

export class JobEngine {
  readonly slots: Slots;
  private readonly active = new Map<string, ActiveJob>();
  private readonly recent = new RecentIds<'running' | TerminalJobState>(RECENT_TTL_MS, 10_000);
  private readonly cancelledEarly = new RecentIds<true>(RECENT_TTL_MS, 1_000);
  /** Started on the wire, not yet running (one event-loop turn): cancelAll must reach these too. */
  private readonly starting = new Map<string, string | null>();
  private readonly queue: Array<{ data: Uint8Array; since: number }> = [];
  private readonly settings: ExecutionSettings;
  private readonly maxQueued: number;
  private readonly maxQueueWaitMs: number;
  private queueTimer: NodeJS.Timeout | null = null;
  private accepting = true;

  constructor(private readonly opts: JobEngineOptions) {
    this.slots = new Slots(opts.maxConcurrent);
    this.settings = { ...DEFAULT_SETTINGS, ...opts.settings };
    this.maxQueued = opts.maxQueued ?? 64;
    this.maxQueueWaitMs = opts.maxQueueWaitMs ?? 15_000;
    // A slot can free up without a job of the queue's ending (the puller gives one back).
    this.slots.onFree(() => this.pump());
  }

  get isAccepting(): boolean {
    return this.accepting;
  }

  get activeCount(): number {
    return this.active.size;
  }

  get queuedCount(): number {
    return this.queue.length;
  }

  activeJobs(): ActiveJob[] {
    return [...this.active.values()];
  }

  /** A job the JetStream puller received while holding `release`'s slot. */
  runWithSlot(data: Uint8Array, release: Release): void {
    const job = this.admit(data);
    if (!job) return release();
    this.start(job, release);
  }

  /** A job pushed on core NATS: it runs when a slot is free. */
  enqueue(data: Uint8Array): void {
    const release = this.slots.tryAcquire();
    if (release) return this.runWithSlot(data, release);
    if (this.queue.length >= this.maxQueued) {
      const job = this.admit(data);
      if (job) this.refuse(job, `Island is at capacity (${this.slots.size} running, ${this.queue.length} waiting)`);
      return;
    }
    this.queue.push({ data, since: Date.now() });
    this.scheduleQueueExpiry();
  }

  /** Cancels a running job, or remembers the id so the job is cancelled if it arrives later. */
  cancel(jobId: string): 'running' | 'later' {
    const running = this.active.get(jobId);
    if (running) {
      running.controller.abort({ kind: 'cancel' });
      return 'running';
    }
    this.cancelledEarly.set(jobId, true);
    return 'later';
  }

  /**
   * Cancels every running job (the owner paused with on_pause = "cancel"). Each ends `cancelled`
   * on the wire; `reason` is what the ledger and the dashboard show. Returns the ids cancelled.
   */
  cancelAll(reason: string): string[] {
    const ids: string[] = [];
    for (const id of this.starting.keys()) {
      ids.push(id);
      this.starting.set(id, reason);
    }
    for (const [id, a] of this.active) {
      ids.push(id);
      a.controller.abort({ kind: 'cancel', reason });
    }
    return ids;
  }

  /** Stops admitting jobs; running ones go on. Jobs waiting in the push queue are refused. */
  stopAccepting(reason = 'Island is shutting down'): void {
    this.accepting = false;
    for (const { data } of this.queue.splice(0)) {
      const job = this.admit(data, true);
      if (job) this.refuse(job, reason);
    }
  }

  /**
   * Waits for running jobs to finish, at most `timeoutMs`; the rest are aborted and reported
   * `failed` so the coordinator can place them elsewhere.
   */
  async drain(timeoutMs: number): Promise<{ finished: number; aborted: string[] }> {
    this.stopAccepting();
    const before = this.slots.inUse;
    const idle = this.slots.whenIdle();
    let timer: NodeJS.Timeout | undefined;
    const timedOut = await Promise.race([
      idle.then(() => false),
      new Promise<boolean>((r) => (timer = setTimeout(() => r(true), timeoutMs))),
    ]);
    clearTimeout(timer);
    const aborted: string[] = [];
    if (timedOut) {
      for (const [id, a] of this.active) {
        aborted.push(id);
        a.controller.abort({ kind: 'shutdown' });
      }
      await this.slots.whenIdle();
    }
    return { finished: before - aborted.length, aborted };
  }

  /** Validates an assignment; reports what it can for one that is malformed or a duplicate. */
  private admit(data: Uint8Array, ignoreAccepting = false): AssignJob | null {
    const decoded = decodeAssignJob(data);
    const now = Date.now();
    if (!decoded.ok) {
      this.opts.log.error('rejected a malformed job assignment', { reason: decoded.error, job_id: decoded.jobId });
      if (decoded.jobId && !this.recent.get(decoded.jobId)) {
        this.opts.reporter.status(decoded.jobId, 'started');
        this.opts.reporter.status(decoded.jobId, 'failed', `Malformed job assignment: ${decoded.error}`);
        this.recent.set(decoded.jobId, 'failed');
      }
      this.emit({ type: 'rejected', jobId: decoded.jobId, error: decoded.error, at: now });
      return null;
    }
    const job = decoded.value;
    // `active` first: a job may run longer than the memory of recent ids lasts.
    const seen = this.active.has(job.job_id) ? 'running' : this.recent.get(job.job_id);
    if (seen) {
      this.opts.log.warn('ignored a second delivery of a job this Island already has', { job_id: job.job_id, state: seen });
      return null;
    }
    if (!this.accepting && !ignoreAccepting) {
      this.refuse(job, 'Island is shutting down');
      return null;
    }
    return job;
  }

  private start(job: AssignJob, release: Release): void {
    this.recent.set(job.job_id, 'running');
    const startedAt = Date.now();
    // Listeners record the job first (the ledger row must exist before the coordinator hears
    // `started`, or a crash right after would leave a job nobody reports).
    this.emit({ type: 'started', job, at: startedAt });
    this.opts.reporter.status(job.job_id, 'started');
    // The NATS client writes on the next microtask: yield once, so `started` is on the wire
    // before the runtime's set-up (a cancel in between is remembered and honoured).
    this.starting.set(job.job_id, null);
    setImmediate(() => this.begin(job, release, startedAt));
  }

  private begin(job: AssignJob, release: Release, startedAt: number): void {
    const { reporter, log } = this.opts;
    const id = job.job_id;
    const done = (finish: JobFinish) => {
      this.active.delete(id);
      this.recent.set(id, finish.state);
      const fields = { job_id: id, runtime: job.runtime_type, state: finish.state, ms: Math.round(finish.durationMs) };
      if (finish.state === 'failed') log.warn(`job failed: ${finish.error}`, fields);
      else log.info(`job ${finish.state}`, fields);
      this.emit({ type: 'finished', job, finish, at: Date.now() });
      release();
      this.pump();
    };

    const cancelledWhileStarting = this.starting.get(id) ?? null;
    this.starting.delete(id);
    if (this.cancelledEarly.get(id) || cancelledWhileStarting !== null) {
      this.cancelledEarly.delete(id);
      reporter.status(id, 'cancelled');
      return done({ state: 'cancelled', tokens: 0, durationMs: 0, ...(cancelledWhileStarting ? { error: cancelledWhileStarting } : {}) });
    }
    const resolution = this.opts.registry.resolve(job.runtime_type);
    if (!resolution.ok) {
      reporter.status(id, 'failed', resolution.error);
      return done({ state: 'failed', error: resolution.error, tokens: 0, durationMs: 0 });
    }
    const controller = new AbortController();
    this.active.set(id, { job, startedAt, controller });
    log.info('job started', { job_id: id, runtime: job.runtime_type, workload_id: job.workload_id });
    const jobLog = log.child(`job.${id}`);
    const onToken = (text: string) => this.emit({ type: 'token', jobId: id, text });
    executeJob(job, resolution.runtime, controller, reporter, jobLog, this.settings, onToken).then((finish) => done(withCancelReason(finish, controller.signal)), (err: unknown) => {
      // executeJob catches runtime errors itself; this is a bug in the engine, reported rather than lost.
      log.error('job execution crashed', { job_id: id, error: String(err) });
      reporter.status(id, 'failed', `Island error: ${String(err)}`);
      done({ state: 'failed', error: String(err), tokens: 0, durationMs: 0 });
    });
  }

  /** Reports `started` then `failed` for a job this Island will not run, so the coordinator can place it elsewhere. */
  private refuse(job: AssignJob, reason: string): void {
    this.opts.reporter.status(job.job_id, 'started');
    this.opts.reporter.status(job.job_id, 'failed', reason);
    this.recent.set(job.job_id, 'failed');
    this.opts.log.warn('refused a job', { job_id: job.job_id, reason });
    this.emit({ type: 'rejected', jobId: job.job_id, error: reason, at: Date.now() });
  }

  private pump(): void {
    while (this.queue.length > 0 && this.accepting) {
      const release = this.slots.tryAcquire();
      if (!release) return;
      this.runWithSlot(this.queue.shift()!.data, release);
    }
  }

  /** Refuses pushed jobs that waited too long for a slot. */
  private scheduleQueueExpiry(): void {
    if (this.queueTimer || this.queue.length === 0) return;
    const wait = Math.max(0, this.queue[0]!.since + this.maxQueueWaitMs - Date.now());
    this.queueTimer = setTimeout(() => {
      this.queueTimer = null;
      const cutoff = Date.now() - this.maxQueueWaitMs;
      while (this.queue.length > 0 && this.queue[0]!.since <= cutoff) {
        const job = this.admit(this.queue.shift()!.data, true);
        if (job) this.refuse(job, `Island is at capacity: no job slot came free within ${this.maxQueueWaitMs / 1000} s`);
      }
      this.scheduleQueueExpiry();
    }, wait);
    this.queueTimer.unref();
  }

  private emit(event: JobEvent): void {
    try {
      this.opts.onEvent?.(event);
    } catch (err) {
      this.opts.log.error('job event listener failed', { error: String(err) });
    }
  }
}

/** The wire's `cancelled` carries no error; the ledger and the dashboard still learn why. */
function withCancelReason(finish: JobFinish, signal: AbortSignal): JobFinish {
  const r = abortReasonOf(signal);
  return finish.state === 'cancelled' && r?.kind === 'cancel' && r.reason && !finish.error ? { ...finish, error: r.reason } : finish;
}
