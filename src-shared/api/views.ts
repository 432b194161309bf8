// What the dashboard (and the tray) see of the Island: plain JSON views, the same over Electron
// IPC and the headless WebSocket. They are built in the agent from its own state (src-main/agent/api)
// and never expose secrets: a coordinator URL is shown without its password.
import type { IslandConfig } from '../config/schema';

export type IslandPhase = 'connecting' | 'online' | 'working' | 'paused' | 'disconnected' | 'stopping' | 'stopped';

/** Why the Island is (not) taking jobs, for a person: "Paused by you", "Coordinator unreachable: ...". */
export interface AvailabilityView {
  mode: 'online' | 'paused';
  /** When a timed pause ends (ms since epoch), or null. */
  pausedUntil: number | null;
  /** True when the Island offers runtimes to the coordinator right now. */
  takingJobs: boolean;
  reason: string;
  /** Which rule of the owner's policy decided (manual, thermal, game, schedule, idle, online). */
  decidedBy?: string;
  /** When the answer may next change by time alone (a pause ending, a window edge, the idle threshold), or null. */
  nextChangeAt?: number | null;
  /** Milliseconds until nextChangeAt, for a visible countdown. */
  countdownMs?: number | null;
}

/** The `[availability]` table as config.toml holds it (src-shared/config/schema.ts). */
export type AvailabilitySettings = IslandConfig['availability'];

export interface AvailabilityPolicyView {
  settings: AvailabilitySettings;
  status: AvailabilityView;
  /** Some changes (GPUs offered) take effect at the next start. */
  restartRequired: boolean;
}

/** An owner alert (src-shared/domain/alerts): went offline, failed jobs in a row, no jobs, update ready, disk low. */
export interface AlertView {
  kind: 'offline' | 'failed-streak' | 'no-jobs' | 'update-ready' | 'disk-low';
  severity: 'info' | 'warning';
  title: string;
  message: string;
  at: number;
}

export interface CoordinatorView {
  /** NATS server without credentials. */
  server: string;
  connected: boolean;
  /** Last measured NATS round trip, or null before the first heartbeat. */
  rttMs: number | null;
  jobDelivery: 'jetstream' | 'core' | 'stopped';
  lastError: string | null;
  /** `[coordinator] api_url`, or null when the owner-facing HTTP API is not configured. */
  apiUrl: string | null;
}

export interface GpuInfo {
  index: number;
  name: string;
  vramMb: number;
  /** False when the owner excluded it (`[workload] gpu_devices`). */
  offered: boolean;
}

export interface HardwareInfo {
  cpuModel: string | null;
  cpuCores: number;
  ramMb: number;
  os: string;
  gpus: GpuInfo[];
}

export interface RuntimeView {
  type: string;
  available: boolean;
  reason: string | null;
}

export interface ActiveJobView {
  jobId: string;
  workloadId: string | null;
  runtime: string;
  startedAt: number;
  tokens: number;
}

export type PairingView =
  | { state: 'paired'; accountId: string | null; pairedAt: string | null }
  | { state: 'code'; code: string; pairUrl: string; expiresAt: number }
  | { state: 'unpaired'; reason: string };

export interface StatusView {
  hostId: string;
  version: string;
  phase: IslandPhase;
  startedAt: number;
  availability: AvailabilityView;
  coordinator: CoordinatorView;
  activeJobs: ActiveJobView[];
  maxConcurrentJobs: number;
  runtimes: RuntimeView[];
  pairing: PairingView;
  hardware: HardwareInfo;
}

export type JobOutcome = 'running' | 'succeeded' | 'failed' | 'cancelled';

export interface JobView {
  jobId: string;
  workloadId: string | null;
  runtime: string;
  state: JobOutcome;
  startedAt: number;
  finishedAt: number | null;
  durationMs: number | null;
  error: string | null;
  tokens: number;
  /** Asking price in force when the job ran (decimal credits string). */
  price: string | null;
  credits: number;
}

export interface DailyEarnings {
  /** Local calendar day, YYYY-MM-DD. */
  day: string;
  credits: number;
  jobs: number;
}

export interface CargoPriceView {
  slug: string;
  name: string;
  runtime: string | null;
  /** The owner's price for this Cargo, or null when the default applies. */
  price: string | null;
  /** What the next heartbeat asks for it (own price, else default, else null = coordinator default). */
  effectivePrice: string | null;
  /** The market rate (clearing price) from the coordinator, or null when unknown. */
  marketRate: number | null;
  /** Where the app learned of this Cargo. */
  sources: Array<'catalog' | 'recommended' | 'dispatched' | 'configured'>;
}

/** Whether the coordinator's asking-prices API has the owner's prices (the heartbeat carries them regardless). */
export type AskingPricesSync =
  | { state: 'not-configured' }
  | { state: 'posting'; since: number }
  | { state: 'posted'; at: number }
  | { state: 'failed'; at: number; error: string };

export interface PricesView {
  defaultPrice: string | null;
  cargos: CargoPriceView[];
  /** Null when the market rates came; otherwise why not ("no api_url configured", "HTTP 503 ..."). */
  marketUnavailable: string | null;
  /** The last POST to `/api/v1/market/asking-prices`; null before prices were changed from here. */
  apiSync?: AskingPricesSync | null;
}

export interface LocalTrackRecord {
  jobs: number;
  succeeded: number;
  failed: number;
  cancelled: number;
  successRate: number | null;
  avgDurationMs: number | null;
  credits: number;
}

export type KarmaView = {
  /** Always there: measured by this Island from its own ledger. */
  local: LocalTrackRecord;
} & (
  | {
      remote: 'ok';
      karma: number;
      completedJobs: number;
      failedJobs: number;
      successRate: number | null;
      avgLatencyMs: number | null;
      monetizationUnlocked: boolean;
      history: Array<{ at: number; karma: number; reason: string }>;
    }
  | { remote: 'unavailable'; reason: string }
);

export interface DownloadView {
  id: string;
  kind: 'model' | 'image' | 'wasm';
  /** URL, model URI or image reference. */
  target: string;
  phase: 'started' | 'progress' | 'done' | 'failed';
  receivedBytes: number;
  totalBytes: number | null;
  error: string | null;
  updatedAt: number;
}

export interface CachedItemView {
  /** Stable id for `storage.free`. */
  id: string;
  kind: 'model' | 'image';
  name: string;
  sizeBytes: number;
  lastUsedAt: number | null;
  inUse: boolean;
}

export interface StorageView {
  models: { items: CachedItemView[]; usedBytes: number; capBytes: number };
  images: { items: CachedItemView[]; usedBytes: number; capBytes: number };
  downloads: DownloadView[];
  diskFreeBytes: number | null;
}

export interface GpuSample {
  index: number;
  utilizationPercent: number | null;
  temperatureC: number | null;
  memoryUsedMb: number | null;
  powerW: number | null;
}

export interface MetricsSample {
  at: number;
  cpuPercent: number;
  ramUsedMb: number;
  ramTotalMb: number;
  gpus: GpuSample[];
}

export type LogLevel = 'trace' | 'debug' | 'info' | 'warn' | 'error';

export interface LogEntry {
  /** Increasing; lets a client ask only for what it has not seen. */
  seq: number;
  at: number;
  level: LogLevel;
  /** Logger name, e.g. "jobs", "nats". */
  scope: string;
  message: string;
  jobId: string | null;
  fields: Record<string, string | number | boolean | null>;
}

export interface SettingsView {
  /** Shown without credentials. */
  natsUrl: string;
  /** True when the NATS URL in config.toml carries a user/password or token. */
  natsHasCredentials: boolean;
  apiUrl: string | null;
  memoryMb: number;
  cpuPercent: number | null;
  networkDisabled: boolean;
  maxConcurrentJobs: number | null;
  modelCacheGb: number;
  imageCacheGb: number;
  /** Null means every GPU is offered. */
  gpuDevices: string[] | null;
  configPath: string;
}
