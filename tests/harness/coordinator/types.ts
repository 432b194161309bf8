// Public shapes of the reference coordinator: its options, what it records, and its control API.
import type {
  AssignJob,
  EnhancedHeartbeat,
  HostCapabilities,
  JobImageOutput,
  JobOutput,
  JobProgress,
  JobStatus,
  LeaseRenewal,
  PreloadRecommendation,
  RegisterHost,
  UpdateInfo,
} from '../../../src-shared/protocol/messages';
import type { Clock } from './clock';
import type { TrackedState } from './job-state-machine';
import type { KarmaRules, KarmaState } from './karma';
import type { PriceSource } from './market';
import type { PairingOptions } from './pairing';

export interface ReferenceCoordinatorOptions {
  natsUrl: string;
  /** HTTP API port on 127.0.0.1; 0 (default) picks a free one. */
  httpPort?: number;
  /** Create the JOBS stream (default true). false tests the Island's core-NATS fallback. */
  jobsStream?: boolean;
  /**
   * Read statuses and output from JOB_STATUS / JOB_OUTPUT streams, as the production coordinator
   * does (default false: core subscriptions). Needed where the coordinator itself reconnects.
   */
  resultStreams?: boolean;
  pairing?: PairingOptions;
  clock?: Clock;
  /** The Island's heartbeat period (default 10 000 ms); offline after `offlineAfterMissed` of them. */
  heartbeatIntervalMs?: number;
  /** Missed heartbeats before a host counts as offline (default 3). */
  offlineAfterMissed?: number;
  /**
   * Karma minutes credited per millisecond of job duration (default 1/60 000, i.e. real time).
   * Tests set e.g. 1 so that a 40 ms job counts as 40 minutes and karma moves.
   */
  minutesPerJobMs?: number;
  karmaRules?: Partial<KarmaRules>;
  /** Default `price_per_job` of Cargos by slug, used when an Island has no ask (§3.1). */
  cargoPrices?: Record<string, number>;
  /** Default price of a Cargo not in `cargoPrices` (default 1.0, the docs' `_default` example). */
  defaultCargoPrice?: number;
  /** What "recent jobs" means for the market rate (default 1 h). */
  rateWindowMs?: number;
  /** Market history snapshot period (default 5 min, §3.2). */
  snapshotIntervalMs?: number;
  /** How long a surge multiplier is held (default 30 s, §3.3). */
  surgeHoldMs?: number;
  /** Lease given by dispatch() when the job names none (default 60 s). */
  defaultLeaseMs?: number;
  /** Default timeout of the waitFor* helpers (default 10 s). */
  waitTimeoutMs?: number;
}

export interface Violation {
  subject: string;
  error: string;
  /** The message text as received (or as published, for job-level checks). */
  raw: string;
  at: number;
  hostId: string | null;
  jobId: string | null;
}

export interface Received<T> {
  at: number;
  message: T;
  /** The message text exactly as it arrived. */
  raw: string;
}

export interface KarmaEvent {
  at: number;
  karma: number;
  reason: string;
}

export interface HostRecord {
  hostId: string;
  registrations: readonly Received<RegisterHost>[];
  /** From the latest registration. */
  capabilities: HostCapabilities | null;
  version: string | null;
  heartbeats: readonly Received<EnhancedHeartbeat>[];
  lastHeartbeatAt: number | null;
  /** Latest heartbeat's asks, plus any posted to the HTTP API since. */
  askingPrices: Readonly<Record<string, string>>;
  /** `performance_estimates.nats_rtt_ms` of the latest heartbeat that had one. */
  lastRttMs: number | null;
  /** Requests answered on `host.{id}.ping`. */
  pings: number;
  pairingRequests: readonly number[];
  pairingCode: string | null;
  pairedAccount: string | null;
  karma: Readonly<KarmaState>;
  karmaHistory: readonly KarmaEvent[];
  online: boolean;
}

export interface JobRecord {
  jobId: string;
  hostId: string;
  workloadSlug: string;
  /** What dispatch() sent; null for publishRawJob(). */
  assignment: AssignJob | null;
  /** The exact text published on `host.{id}.jobs`. */
  published: string;
  dispatchedAt: number;
  clearingPrice: number;
  priceSource: PriceSource;
  bid: number;
  state: TrackedState;
  statuses: readonly Received<JobStatus>[];
  outputs: readonly Received<JobOutput>[];
  /** Output chunks joined in arrival order. */
  text: string;
  progress: readonly Received<JobProgress>[];
  images: readonly Received<JobImageOutput>[];
  leaseRenewals: readonly Received<LeaseRenewal>[];
  leaseExpiresAt: number;
  leaseExpired: boolean;
  cancelRequestedAt: number | null;
  violations: readonly Violation[];
}

/** What dispatch() takes: any AssignJob fields; the rest is filled in. */
export type DispatchJob = Partial<AssignJob>;
export type PreloadInput = Partial<PreloadRecommendation> & Pick<PreloadRecommendation, 'workload_slug' | 'runtime_type'>;
export type UpdateInfoInput = Partial<UpdateInfo> & Pick<UpdateInfo, 'update_available'>;

export interface UpdateQuery {
  version: string;
  platform: string;
  host_id: string;
}

export interface HttpRequestRecord {
  at: number;
  method: string;
  path: string;
  status: number;
}

export interface WaitOptions {
  timeoutMs?: number;
}

export interface ReferenceCoordinator {
  readonly natsUrl: string;
  /** `http://127.0.0.1:<port>`: the Island's `[coordinator] api_url`. */
  readonly httpUrl: string;
  readonly httpPort: number;
  readonly jobsStream: boolean;
  readonly clock: Clock;
  readonly violations: readonly Violation[];
  readonly httpRequests: readonly HttpRequestRecord[];
  readonly updateChecks: readonly Received<UpdateQuery>[];

  /** Publish an AssignJob; fills job_id (uuid), lease_expires (now + 60 s) and input ({}). */
  dispatch(hostId: string, job?: DispatchJob, opts?: { bid?: number }): Promise<string>;
  /** Publish text as-is on `host.{id}.jobs`; tracks it if a string job_id can be read from it. */
  publishRawJob(hostId: string, text: string): Promise<string | null>;
  cancel(hostId: string, jobId: string): Promise<void>;
  sendPreload(hostId: string, rec: PreloadInput): Promise<void>;

  host(hostId: string): HostRecord | undefined;
  hosts(): HostRecord[];
  job(jobId: string): JobRecord | undefined;
  jobs(hostId?: string): JobRecord[];

  approvePairing(hostId: string, accountId: string): void;
  configurePairing(opts: PairingOptions): void;
  /** What GET /island/recommendations answers, for one host or (no hostId) for all. */
  setRecommendations(recs: PreloadInput[], hostId?: string): void;
  /** What GET /agent/update answers; null restores "no update". */
  setUpdateInfo(info: UpdateInfoInput | ((q: UpdateQuery) => UpdateInfoInput) | null): void;
  /** Consumer jobs waiting for a slug beyond the harness's own (to trigger surge). */
  setQueuedDemand(slug: string, queued: number): void;
  /** Take a market history snapshot now. */
  snapshotMarket(): void;
  /** Run periodic work now (lease expiry, due snapshots): useful with a manual clock. */
  tick(): void;

  waitForHost(hostId?: string, opts?: WaitOptions): Promise<HostRecord>;
  waitForHeartbeats(hostId: string, n: number, opts?: WaitOptions): Promise<HostRecord>;
  waitForJobState(jobId: string, state: TrackedState | 'terminal', opts?: WaitOptions): Promise<JobRecord>;
  waitForViolation(match?: { subject?: string | RegExp; error?: string | RegExp }, opts?: WaitOptions): Promise<Violation>;
  /** Resolve with probe()'s first truthy value, re-checked on every recorded event. */
  waitFor<T>(what: string, probe: () => T | null | undefined | false, opts?: WaitOptions): Promise<T>;
  /** Throws with every violation listed, if there are any. */
  assertNoViolations(): void;
  clearViolations(): void;

  /** Unsubscribe, stop HTTP and timers, close NATS; deletes the JOBS stream it created unless keepStream. */
  close(opts?: { keepStream?: boolean }): Promise<void>;
}
