// Realistic API views for component tests. Each builder takes overrides so a test states only
// what it is about.
import type {
  AlertView,
  AvailabilitySettings,
  AvailabilityView,
  CargoPriceView,
  JobView,
  KarmaView,
  LocalTrackRecord,
  LogEntry,
  MetricsSample,
  HardwareInfo,
  PricesView,
  SettingsView,
  StatusView,
  StorageView,
} from '../../src-shared/api/views';

export const T0 = Date.parse('2026-05-04T10:00:00Z');

export const hardware = (over: Partial<HardwareInfo> = {}): HardwareInfo => ({
  cpuModel: 'AMD Ryzen 9 7950X',
  cpuCores: 16,
  ramMb: 65_536,
  os: 'Linux 6.8 (Debian 12)',
  gpus: [{ index: 0, name: 'NVIDIA GeForce RTX 4090', vramMb: 24_564, offered: true }],
  ...over,
});

export const status = (over: Partial<StatusView> = {}): StatusView => ({
  hostId: '6f1c2a4e-8d0b-4c7e-9a51-2b3c4d5e6f70',
  version: '0.5.0',
  phase: 'online',
  startedAt: T0,
  availability: { mode: 'online', pausedUntil: null, takingJobs: true, reason: 'Taking jobs' },
  coordinator: { server: 'nats://sail.archipelag.io:4222', connected: true, rttMs: 23.4, jobDelivery: 'jetstream', lastError: null, apiUrl: 'https://app.archipelag.io' },
  activeJobs: [],
  maxConcurrentJobs: 2,
  runtimes: [
    { type: 'container', available: true, reason: null },
    { type: 'wasm', available: true, reason: null },
    { type: 'llmcpp', available: false, reason: 'no model runtime in this build' },
  ],
  pairing: { state: 'paired', accountId: 'acct-1', pairedAt: '2026-05-01T09:00:00Z' },
  hardware: hardware(),
  ...over,
});

export const cargo = (over: Partial<CargoPriceView> & { slug: string }): CargoPriceView => ({
  name: over.slug,
  runtime: 'llmcpp',
  price: null,
  effectivePrice: null,
  marketRate: null,
  sources: ['catalog'],
  ...over,
});

export const prices = (over: Partial<PricesView> = {}): PricesView => ({
  defaultPrice: '1.0',
  cargos: [
    cargo({ slug: 'gguf-mistral-7b', name: 'Mistral 7B Instruct', price: '2.0', effectivePrice: '2.0', marketRate: 1.8 }),
    cargo({ slug: 'image-gen', name: 'Image generation', runtime: 'container', effectivePrice: '1.0', marketRate: 4.5, sources: ['catalog', 'dispatched'] }),
  ],
  marketUnavailable: null,
  ...over,
});

export const local = (over: Partial<LocalTrackRecord> = {}): LocalTrackRecord => ({
  jobs: 12,
  succeeded: 10,
  failed: 1,
  cancelled: 1,
  successRate: 10 / 12,
  avgDurationMs: 4200,
  credits: 23.5,
  ...over,
});

export const karmaOk = (): KarmaView => ({
  local: local(),
  remote: 'ok',
  karma: 85,
  completedJobs: 142,
  failedJobs: 1,
  successRate: 0.993,
  avgLatencyMs: 38,
  monetizationUnlocked: true,
  history: [
    { at: T0 - 2 * 86_400_000, karma: 80, reason: 'job completed' },
    { at: T0 - 86_400_000, karma: 83, reason: 'job completed' },
    { at: T0, karma: 85, reason: 'job completed' },
  ],
});

export const job = (over: Partial<JobView> & { jobId: string }): JobView => ({
  workloadId: 'gguf-mistral-7b',
  runtime: 'llmcpp',
  state: 'succeeded',
  startedAt: T0,
  finishedAt: T0 + 4000,
  durationMs: 4000,
  error: null,
  tokens: 200,
  price: '2.0',
  credits: 2,
  ...over,
});

export const storage = (over: Partial<StorageView> = {}): StorageView => ({
  models: {
    items: [{ id: 'model:mistral-7b', kind: 'model', name: 'mistral-7b-instruct.Q4_K_M.gguf', sizeBytes: 4_370_000_000, lastUsedAt: T0, inUse: false }],
    usedBytes: 4_370_000_000,
    capBytes: 20_000_000_000,
  },
  images: {
    items: [{ id: 'image:sha256:abc', kind: 'image', name: 'ghcr.io/archipelag-io/image-gen@sha256:abc', sizeBytes: 2_100_000_000, lastUsedAt: T0, inUse: true }],
    usedBytes: 2_100_000_000,
    capBytes: 50_000_000_000,
  },
  downloads: [],
  diskFreeBytes: 120_000_000_000,
  ...over,
});

export const sample = (at: number, over: Partial<MetricsSample> = {}): MetricsSample => ({
  at,
  cpuPercent: 12,
  ramUsedMb: 20_000,
  ramTotalMb: 65_536,
  gpus: [{ index: 0, utilizationPercent: 40, temperatureC: 61, memoryUsedMb: 8000, powerW: 180 }],
  ...over,
});

export const log = (seq: number, over: Partial<LogEntry> = {}): LogEntry => ({
  seq,
  at: T0 + seq * 1000,
  level: 'info',
  scope: 'jobs',
  message: `message ${seq}`,
  jobId: null,
  fields: {},
  ...over,
});

export const settings = (over: Partial<SettingsView> = {}): SettingsView => ({
  natsUrl: 'nats://sail.archipelag.io:4222',
  natsHasCredentials: true,
  apiUrl: 'https://app.archipelag.io',
  memoryMb: 8192,
  cpuPercent: 80,
  networkDisabled: true,
  maxConcurrentJobs: 2,
  modelCacheGb: 20,
  imageCacheGb: 50,
  gpuDevices: null,
  configPath: '/home/owner/.island/config.toml',
  ...over,
});

export const availabilitySettings = (over: Partial<AvailabilitySettings> = {}): AvailabilitySettings => ({
  mode: 'online',
  schedule: [],
  idle_only: false,
  idle_minutes: 10,
  game_mode: false,
  game_processes: [],
  pause_on_fullscreen: true,
  on_pause: 'finish',
  unload_models_on_pause: false,
  exclude_gpus: [],
  ...over,
});

export const availabilityStatus = (over: Partial<AvailabilityView> = {}): AvailabilityView => ({
  mode: 'online',
  pausedUntil: null,
  takingJobs: true,
  reason: 'Online',
  decidedBy: 'online',
  nextChangeAt: null,
  countdownMs: null,
  ...over,
});

export const alert = (over: Partial<AlertView> = {}): AlertView => ({
  kind: 'failed-streak',
  severity: 'warning',
  title: '3 jobs failed in a row',
  message: 'The last one: out of memory',
  at: T0,
  ...over,
});
