// The Island: composition root of the agent runtime. Same code in Electron's utility process and
// in headless mode. Start-up never waits on the network: it connects in the background, and once
// connected it makes job delivery ready first and registers second (the Rust Island registers
// before it can receive a job, §4.1), then reports jobs a crash interrupted, asks for a pairing
// code, and heartbeats.
import { homedir } from 'node:os';
import path from 'node:path';
import type { NatsConnection, Subscription } from '@nats-io/nats-core';
import type { IslandConfig } from '../../src-shared/config/schema';
import { errorMessage } from '../../src-shared/errors';
import { maxConcurrentJobs } from '../../src-shared/domain/perf-estimates';
import { askingPrices, type PricingSettings } from '../../src-shared/domain/pricing';
import { encodeRegisterHost } from '../../src-shared/protocol/encode';
import type { CacheMetricsSnapshot, HostCapabilities } from '../../src-shared/protocol/messages';
import { parseNatsUrl } from '../../src-shared/protocol/nats-url';
import { hostSubjects, REGISTER_SUBJECT, type HostSubjects } from '../../src-shared/protocol/subjects';
import { policyFromConfig, resourceCapProblems } from '../../src-shared/domain/availability/index';
import { islandAvailability, type IslandAvailabilityOptions } from './availability/island-availability';
import type { AvailabilityController } from './availability/availability-controller';
import { filterOfferedMetrics, offeredHardware, type GpuOffer } from './availability/gpu-offer';
import { AlertMonitor, type AlertMonitorOptions } from './alerts/alert-monitor';
import { diskSpace } from './alerts/disk-space';
import { detectCapabilities } from './coordinator/capabilities';
import { subscribeControl } from './coordinator/control-subscriptions';
import { HeartbeatLoop } from './coordinator/heartbeat';
import { JobSource } from './coordinator/job-source';
import { Pairing, type PairingState } from './coordinator/pairing';
import { RttMeter } from './coordinator/rtt';
import { phaseOf, type IslandEvent, type IslandSnapshot } from './island-snapshot';
import { JobEngine } from './jobs/job-engine';
import { JobEventRecorder } from './jobs/job-event-recorder';
import type { Runtime } from './jobs/runtime';
import { RuntimeRegistry } from './jobs/runtime-registry';
import { warmUpCodecs } from './jobs/warm-up';
import { LedgerCheckpointer } from './ledger/checkpointer';
import { JobLedger } from './ledger/job-ledger';
import type { Logger } from './log/logger';
import type { ModelCache } from './models/model-cache';
import { createPreloader } from './models/preload/create-preloader';
import type { Preloader } from './models/preload/preloader';
import { GpuProbe } from './metrics/gpu-probe';
import { SystemSampler } from './metrics/system-sampler';
import { NatsLink } from './nats/nats-link';
import { Outbox } from './nats/outbox';
import { OutboxReporter } from './nats/outbox-reporter';
import { legacyIslandHome, type IslandPaths } from './paths';
import type { RuntimeEventHub } from './runtimes/runtime-events';
import { openStateStore, type StateStore } from './state/state-store';
import { AGENT_VERSION } from './version';

export type { IslandEvent, IslandPhase, IslandSnapshot } from './island-snapshot';

export interface IslandTimings {
  heartbeatIntervalMs: number;
  leaseIntervalMs: number;
  retryJetStreamMs: number;
  pullExpiresMs: number;
}

export interface IslandOptions {
  config: IslandConfig;
  paths: IslandPaths;
  /** What job messages an outage may hold (default 32 MiB; see Outbox). */
  outboxBytes?: number;
  log: Logger;
  runtimes: Runtime[];
  gpu?: GpuProbe;
  /** Events from the runtimes (pull and download progress, availability changes). */
  runtimeEvents?: RuntimeEventHub;
  timings?: Partial<IslandTimings>;
  /** The native runtimes' model cache: preloads go through it, and it closes with the Island. */
  models?: ModelCache;
  /** Sensors and clock for the availability policy (the desktop's idle time, fakes in tests). */
  availability?: IslandAvailabilityOptions;
  /** Alert thresholds, sources and clock (tests shorten them). */
  alerts?: Partial<Omit<AlertMonitorOptions, 'log' | 'emit'>>;
}

const NO_CACHE: CacheMetricsSnapshot = { cached_image_count: 0, cached_size_mb: 0, warm_workload_count: 0, warm_workload_ids: [] };
/** How long a stopping Island waits for the server to confirm the last job messages. */
const OUTBOX_SETTLE_MS = 2_000;
const DEFAULT_TIMINGS: IslandTimings = { heartbeatIntervalMs: 10_000, leaseIntervalMs: 30_000, retryJetStreamMs: 30_000, pullExpiresMs: 30_000 };

export class Island {
  readonly engine: JobEngine;
  readonly registry: RuntimeRegistry;
  readonly subjects: HostSubjects;
  private readonly timings: IslandTimings;
  private readonly listeners = new Set<(e: IslandEvent) => void>();
  private readonly checkpointer: LedgerCheckpointer;
  private readonly server: string;
  private link: NatsLink | null = null;
  /** Job messages held until the server has them, so a reconnect loses none. */
  private readonly outbox: Outbox;
  private source: JobSource | null = null;
  private heartbeat: HeartbeatLoop | null = null;
  private pairing: Pairing | null = null;
  private preloader: Preloader | null = null;
  private subs: Subscription[] = [];
  private paused: boolean;
  private pauseReason: string | null = null;
  /** Applies `[availability]`: pauses and resumes this Island as the owner's policy decides. */
  readonly availability: AvailabilityController;
  /** The owner's alerts: log lines, and `alert` events for the dashboard and the desktop. */
  readonly alerts: AlertMonitor;
  private lastRttMs: number | null = null;
  private stopped = false;
  private stopping: Promise<{ finished: number; aborted: string[] }> | null = null;
  private markReady: () => void = () => {};
  private readonly ready = new Promise<void>((resolve) => (this.markReady = resolve));

  private constructor(
    private readonly opts: IslandOptions,
    readonly state: StateStore,
    readonly ledger: JobLedger,
    readonly capabilities: HostCapabilities,
    private readonly sampler: SystemSampler,
    /** Shared with the dashboard's hardware sampler (nvidia-smi answers are cached for 5 s). */
    readonly gpu: GpuProbe,
    /** The GPUs the owner offers: only these reach Cargos, the heartbeat and the registration. */
    readonly gpuOffer: GpuOffer,
  ) {
    this.timings = { ...DEFAULT_TIMINGS, ...opts.timings };
    this.subjects = hostSubjects(state.hostId);
    this.server = parseNatsUrl(opts.config.coordinator.nats_url).url;
    this.registry = new RuntimeRegistry(opts.runtimes);
    this.outbox = new Outbox({ wire: () => this.link?.wire() ?? null, log: opts.log.child('nats'), ...(opts.outboxBytes ? { maxBytes: opts.outboxBytes } : {}) });
    // Paused from the first second when config.toml says so; the policy then keeps or lifts it.
    this.paused = opts.config.availability.mode === 'paused';
    this.alerts = new AlertMonitor({ log: opts.log.child('alerts'), emit: (alert) => this.emit({ type: 'alert', alert }), sources: { disk: () => diskSpace(opts.paths.home) }, ...opts.alerts });
    this.listeners.add((e) => {
      if (e.type === 'snapshot') this.alerts.observe(e.snapshot);
      else if (e.type === 'job') this.alerts.job(e.event);
    });
    this.availability = islandAvailability(this, { config: opts.config, gpu, gpuOffer, log: opts.log.child('availability'), onChange: () => this.publishSnapshot(), ...opts.availability });
    this.checkpointer = new LedgerCheckpointer({ dbPath: opts.paths.ledger, log: opts.log.child('ledger') });
    const recorder = new JobEventRecorder(ledger, opts.config.pricing, (event) => {
      this.emit({ type: 'job', event });
      // Off the job's hot path: `started` is published right after the recorder returns.
      if (event.type !== 'token') setImmediate(() => this.publishSnapshot());
    });
    this.engine = new JobEngine({
      maxConcurrent: opts.config.jobs.max_concurrent ?? maxConcurrentJobs(capabilities.cpu_cores, capabilities.ram_mb),
      registry: this.registry,
      reporter: new OutboxReporter(this.subjects, this.outbox),
      log: opts.log.child('jobs'),
      settings: { leaseIntervalMs: this.timings.leaseIntervalMs },
      onEvent: (e) => recorder.record(e),
    });
    opts.runtimeEvents?.on((event) => {
      if (event.type === 'availability') {
        opts.log.info(event.available ? `runtime ${event.runtime} is available` : `runtime ${event.runtime} is unavailable`, { reason: event.reason });
        // The coordinator learns at once which runtimes it may send, not 10 s later.
        void this.heartbeat?.beat();
        this.publishSnapshot();
      }
      this.emit({ type: 'runtime', event });
    });
  }

  /** Reads state and ledger and detects the hardware; does not touch the network. */
  static async open(opts: IslandOptions): Promise<Island> {
    const log = opts.log;
    // The Rust Island ≤0.3 kept its host id in ~/.archipelag; migrate it only for the default home.
    const legacyHome = opts.paths.home === path.join(homedir(), '.island') ? legacyIslandHome(homedir()) : undefined;
    const state = await openStateStore({ path: opts.paths.state, configHostId: opts.config.host_id, legacyHome, log: log.child('state') });
    const ledger = await JobLedger.open(opts.paths.ledger, log.child('ledger'));
    const gpu = opts.gpu ?? new GpuProbe({ log: log.child('gpu') });
    const policy = policyFromConfig(opts.config.availability, opts.config.workload);
    const { capabilities, offer } = await offeredHardware(gpu, policy.gpus, await detectCapabilities(gpu, opts.config.host.region ?? null));
    for (const r of opts.runtimes) r.restrictGpus?.(offer);
    const sampler = new SystemSampler({ diskPath: opts.paths.home });
    // Limits the schema cannot judge without knowing the machine: said once, at start.
    for (const p of resourceCapProblems(policy.caps, { cpuCount: capabilities.cpu_cores, memoryMb: capabilities.ram_mb, diskGb: null })) {
      log.warn(`config: ${p.key}: ${p.message}`);
    }
    warmUpCodecs();
    return new Island(opts, state, ledger, capabilities, sampler, gpu, offer);
  }

  get hostId(): string {
    return this.state.hostId;
  }

  on(fn: (e: IslandEvent) => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  start(): void {
    const log = this.opts.log;
    log.info('Island starting', {
      host_id: this.hostId,
      version: AGENT_VERSION,
      max_concurrent_jobs: this.engine.slots.size,
      runtimes: this.registry.supported().join(',') || 'none',
    });
    for (const r of this.opts.runtimes) {
      r.start?.().catch((err: unknown) => log.error(`runtime ${r.type} failed to start`, { error: errorMessage(err) }));
    }
    this.checkpointer.start();
    // Before connecting: a policy that says "not now" holds before the first job could arrive.
    this.availability.start();
    this.alerts.start();
    this.startPreloading();
    const link = new NatsLink({ natsUrl: this.opts.config.coordinator.nats_url, hostId: this.hostId, log: log.child('nats') });
    this.link = link;
    link.onStatus((s) => {
      if (s.type === 'connected' || s.type === 'reconnected') this.outbox.linkUp();
      else this.outbox.linkDown();
      if (s.type === 'reconnected') {
        this.register();
        this.source?.kick();
        void this.heartbeat?.beat();
      }
      this.publishSnapshot();
    });
    link.ready().then(
      (nc) => {
        if (!this.stopping) void this.onConnected(nc);
      },
      () => undefined, // NatsLink logs it; the snapshot shows `closed`.
    );
    this.publishSnapshot();
  }

  /** Resolves once the Island is connected, can receive jobs, and has registered. */
  whenConnected(): Promise<void> {
    return this.ready;
  }

  private async onConnected(nc: NatsConnection): Promise<void> {
    const log = this.opts.log;
    this.subs = subscribeControl(
      nc,
      this.subjects,
      {
        cancel: (jobId) => {
          const where = this.engine.cancel(jobId);
          log.child('jobs').info(where === 'running' ? 'cancel requested' : 'cancel for a job not running here; remembered', { job_id: jobId });
        },
        preload: (rec) => {
          log.child('preload').info('preload recommendation received', { workload: rec.workload_slug, runtime: rec.runtime_type, model_url: rec.model_url });
          this.preloader?.recommend(rec);
          this.emit({ type: 'preload', rec });
        },
      },
      log.child('control'),
    );
    const source = new JobSource({
      nc,
      hostId: this.hostId,
      subjects: this.subjects,
      engine: this.engine,
      log: log.child('jobs.source'),
      retryJetStreamMs: this.timings.retryJetStreamMs,
      pullExpiresMs: this.timings.pullExpiresMs,
      onMode: () => this.publishSnapshot(),
    });
    this.source = source;
    if (this.paused) source.pause();
    source.start();
    await source.ready();
    if (this.stopping) return;
    this.register();
    this.reportInterruptedJobs();
    this.pairing = new Pairing(nc, this.hostId, this.state, log.child('pairing'), () => this.publishSnapshot());
    this.pairing.start();
    const rtt = new RttMeter(nc, this.subjects.ping);
    this.heartbeat = new HeartbeatLoop(
      {
        hostId: this.hostId,
        version: AGENT_VERSION,
        capabilities: this.capabilities,
        // Always `online` on the wire (the Rust Island never sends anything else, §3.3). A paused
        // or draining Island instead offers no runtimes, so the coordinator's placement skips it.
        status: () => 'online',
        activeJobs: () => this.engine.activeCount,
        system: () => this.sampler.sample(),
        gpus: async () => filterOfferedMetrics(await this.gpu.metrics(), this.gpuOffer),
        cache: () => this.cacheMetrics(),
        supportedRuntimes: () => this.offeredRuntimes(),
        maxConcurrentJobs: () => this.engine.slots.size,
        askingPrices: () => askingPrices(this.opts.config.pricing),
        rttMs: async () => {
          const ms = await rtt.measure(1_000);
          this.lastRttMs = ms ?? null;
          return ms;
        },
      },
      (payload) => this.link?.publish(this.subjects.heartbeat, payload) ?? false,
      log.child('heartbeat'),
      this.timings.heartbeatIntervalMs,
    );
    this.heartbeat.start();
    this.markReady();
    this.publishSnapshot();
  }

  /** Starter models and demand-driven recommendations, in the background, behind job downloads. */
  private startPreloading(): void {
    if (!this.opts.models) return;
    const built = new Set(this.opts.runtimes.map((r) => r.type));
    const native = [...(built.has('llmcpp') ? (['gguf'] as const) : []), ...(built.has('onnx') ? (['onnx'] as const) : [])];
    this.preloader = createPreloader({
      config: this.opts.config,
      capabilities: this.capabilities,
      hostId: this.hostId,
      cache: this.opts.models,
      log: this.opts.log.child('preload'),
      runtimes: native,
    });
    this.preloader.start();
  }

  private offeredRuntimes(): string[] {
    return this.paused || this.stopping ? [] : this.registry.supported();
  }

  /** The image cache's metrics when a runtime keeps one; otherwise nothing is cached. */
  private cacheMetrics(): CacheMetricsSnapshot {
    for (const r of this.opts.runtimes) if (r.cacheMetrics) return r.cacheMetrics();
    return NO_CACHE;
  }

  private register(): void {
    this.link?.publish(REGISTER_SUBJECT, encodeRegisterHost({ host_id: this.hostId, capabilities: this.capabilities, version: AGENT_VERSION }));
    this.opts.log.info('registered with the coordinator', { host_id: this.hostId });
  }

  /** Jobs a crash or kill interrupted: the coordinator hears they failed, once. */
  private reportInterruptedJobs(): void {
    const reporter = new OutboxReporter(this.subjects, this.outbox);
    const error = 'Island stopped unexpectedly while running this job';
    try {
      for (const row of this.ledger.interrupted()) {
        reporter.status(row.job_id, 'failed', error);
        this.ledger.recordFinished(row.job_id, { state: 'failed', error, durationMs: Date.now() - row.started_at, tokens: 0, at: Date.now() });
        this.opts.log.warn('reported a job interrupted by the last shutdown as failed', { job_id: row.job_id });
      }
    } catch (err) {
      // The ledger is unreadable: say so, and keep the Island running (pairing, heartbeats).
      this.opts.log.error('could not read the jobs the last shutdown interrupted', { error: errorMessage(err) });
    }
  }

  /** Asks the coordinator for a fresh pairing code (the dashboard's button). */
  async requestPairingCode(): Promise<PairingState> {
    if (!this.pairing) return { type: 'unpaired', reason: 'not connected to the coordinator yet' };
    return this.pairing.request();
  }

  /**
   * Stops taking jobs (running ones go on) and tells the coordinator at once. Called again while
   * paused, it only updates the reason (no extra heartbeat).
   */
  pause(reason = 'Paused by you'): void {
    const was = this.paused;
    this.paused = true;
    this.pauseReason = reason;
    if (!was) {
      this.source?.pause();
      void this.heartbeat?.beat();
    }
    this.publishSnapshot();
  }

  resume(): void {
    this.paused = false;
    this.pauseReason = null;
    this.source?.resume();
    void this.heartbeat?.beat();
    this.publishSnapshot();
  }

  /** Cancels every running job (each ends `cancelled`); `reason` goes to the ledger and the log. */
  cancelRunning(reason: string): string[] {
    return this.engine.cancelAll(reason);
  }

  /** Frees the GPU memory of loaded models, in every runtime that keeps some. */
  async unloadModels(): Promise<void> {
    await Promise.all(this.opts.runtimes.map((r) => r.unloadModels?.()));
  }

  /**
   * New asking prices from the dashboard. Changed in place: the job recorder holds the same object,
   * so the next job's ledger row and the next heartbeat's `asking_prices` both carry them. The
   * heartbeat goes out now, so the coordinator does not price a job on the old asks for 10 s.
   */
  setPricing(pricing: PricingSettings): void {
    const current = this.opts.config.pricing;
    current.default_price = pricing.default_price;
    current.workloads = { ...pricing.workloads };
    void this.heartbeat?.beat();
  }

  /** Shutdown: offer no runtimes, stop pulling, drain within the configured time, report what could not finish, close NATS. */
  stop(drainTimeoutMs = this.opts.config.jobs.drain_timeout_seconds * 1000): Promise<{ finished: number; aborted: string[] }> {
    this.stopping ??= this.shutdown(drainTimeoutMs);
    return this.stopping;
  }

  private async shutdown(drainTimeoutMs: number): Promise<{ finished: number; aborted: string[] }> {
    const log = this.opts.log;
    this.publishSnapshot();
    // The coordinator stops sending before we stop listening.
    await this.heartbeat?.beat();
    await this.source?.stop();
    const running = this.engine.activeCount;
    if (running > 0) log.info(`waiting up to ${Math.round(drainTimeoutMs / 1000)} s for ${running} running job(s)`);
    const report = await this.engine.drain(drainTimeoutMs);
    await this.preloader?.stop();
    if (report.aborted.length > 0) log.warn('jobs that could not finish were reported failed', { job_ids: report.aborted.join(',') });
    this.pairing?.stop();
    this.heartbeat?.stop();
    for (const s of this.subs) s.unsubscribe();
    // The last statuses reach the server before the connection goes.
    const undelivered = await this.outbox.settle(OUTBOX_SETTLE_MS);
    if (undelivered > 0) log.warn('job messages could not reach the coordinator before shutdown', { messages: undelivered });
    await this.link?.close();
    for (const r of this.opts.runtimes) await r.close?.().catch((err: unknown) => log.warn(`runtime ${r.type} did not close cleanly`, { error: errorMessage(err) }));
    await this.opts.models?.close().catch((err: unknown) => log.warn('the model cache did not close cleanly', { error: errorMessage(err) }));
    await this.checkpointer.stop();
    this.ledger.close();
    this.stopped = true;
    this.availability.stop();
    this.alerts.stop();
    this.publishSnapshot();
    log.info('Island stopped', { finished_jobs: report.finished, aborted_jobs: report.aborted.length });
    return report;
  }

  snapshot(): IslandSnapshot {
    const link = this.link?.status ?? null;
    return {
      hostId: this.hostId,
      version: AGENT_VERSION,
      phase: phaseOf({ stopped: this.stopped, stopping: this.stopping !== null, link, activeJobs: this.engine.activeCount, paused: this.paused }),
      server: this.server,
      link: link ?? { type: 'connecting', server: this.server },
      lastServerError: this.link?.lastError ?? null,
      jobSource: this.source?.mode ?? { type: 'stopped' },
      activeJobs: this.engine.activeJobs().map((a) => ({ job_id: a.job.job_id, runtime: a.job.runtime_type, workload_id: a.job.workload_id, started_at: a.startedAt })),
      maxConcurrentJobs: this.engine.slots.size,
      pairing: this.pairing?.state ?? null,
      capabilities: this.capabilities,
      supportedRuntimes: this.offeredRuntimes(),
      runtimes: this.registry.describe(),
      paused: this.paused,
      pauseReason: this.paused ? this.pauseReason : null,
      availability: this.availability.status(),
      rttMs: this.lastRttMs,
    };
  }

  private publishSnapshot(): void {
    if (this.listeners.size > 0) this.emit({ type: 'snapshot', snapshot: this.snapshot() });
  }

  private emit(e: IslandEvent): void {
    for (const fn of this.listeners) {
      try {
        fn(e);
      } catch (err) {
        this.opts.log.error('Island event listener failed', { error: errorMessage(err) });
      }
    }
  }
}
