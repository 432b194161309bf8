// Wire messages between an Island and the coordinator (../shared/reference/island-protocol.md §3).
// Field names, order and presence are WIRE: the coordinator sees them exactly as written here.
// Outbound objects are built in the listed field order; `encode.ts` turns them into JSON text
// (it writes f32 fields with a decimal point, as the Rust Island does).

/** Runtime types the coordinator may put in `AssignJob.runtime_type` (§3.4). */
export const KNOWN_RUNTIMES = ['container', 'wasm', 'onnx', 'llmcpp', 'diffusers'] as const;
export type KnownRuntime = (typeof KNOWN_RUNTIMES)[number];

/** States an Island reports on `host.{id}.status` (§3.5). Never `completed`. */
export type JobState = 'started' | 'streaming' | 'succeeded' | 'failed' | 'cancelled';
export type TerminalJobState = Extract<JobState, 'succeeded' | 'failed' | 'cancelled'>;

// ---------------------------------------------------------------- Island → coordinator

export interface HostCapabilities {
  gpu_model: string | null;
  gpu_vram_mb: number | null;
  cpu_cores: number;
  ram_mb: number;
  region: string | null;
}

/** `coordinator.hosts.register` (§3.2). */
export interface RegisterHost {
  host_id: string;
  capabilities: HostCapabilities;
  version: string;
}

/** All keys always present (§3.3). `cpu_percent` is f32. */
export interface SystemMetricsSnapshot {
  cpu_percent: number;
  memory_used_mb: number;
  memory_total_mb: number;
  disk_used_gb: number;
  disk_total_gb: number;
}

/** One line of the nvidia-smi metrics query (§3.3). `power_draw_w` is f32. */
export interface GpuMetricsSnapshot {
  index: number;
  utilization_percent: number;
  memory_used_mb: number;
  memory_total_mb: number;
  temperature_c: number;
  power_draw_w: number;
}

export interface ActiveJobMetrics {
  job_id: string;
  job_type: string;
  duration_ms: number;
  tokens_generated?: number;
  memory_mb?: number;
  gpu_memory_mb?: number;
}

export interface CacheMetricsSnapshot {
  cached_image_count: number;
  cached_size_mb: number;
  warm_workload_count: number;
  warm_workload_ids: string[];
}

/** §3.3 / §9.3. `gpu_bandwidth_gb_s`, `estimated_llm_tok_s` and `nats_rtt_ms` are f32. */
export interface PerformanceEstimates {
  gpu_bandwidth_gb_s: number | null;
  estimated_llm_tok_s: number | null;
  max_concurrent_containers: number | null;
  wasm_memory_limit_mb: number | null;
  supported_runtimes: string[];
  nats_rtt_ms?: number;
  public_addr?: string;
}

/** `host.{id}.heartbeat`, every 10 s (§3.3). Optional keys are omitted, never null. */
export interface EnhancedHeartbeat {
  host_id: string;
  status: string;
  active_jobs: number;
  timestamp: number;
  agent_version: string;
  system?: SystemMetricsSnapshot;
  gpus?: GpuMetricsSnapshot[];
  active_job_metrics?: ActiveJobMetrics[];
  cache?: CacheMetricsSnapshot;
  performance_estimates?: PerformanceEstimates;
  asking_prices?: Record<string, string>;
}

/** `host.{id}.status` (§3.5). `error` is omitted when absent. */
export interface JobStatus {
  job_id: string;
  state: JobState;
  error?: string;
  timestamp: number;
}

/** `host.{id}.output` (§3.6). */
export interface JobOutput {
  job_id: string;
  seq: number;
  chunk: string;
  is_final: boolean;
}

/** `host.{id}.progress` (§3.7). */
export interface JobProgress {
  job_id: string;
  step: number;
  total: number;
}

/** `host.{id}.image` (§3.8). `seed` is omitted when absent. */
export interface JobImageOutput {
  job_id: string;
  image_data: string;
  format: string;
  width: number;
  height: number;
  seed?: number;
}

/** `host.{id}.lease` (§3.10). */
export interface LeaseRenewal {
  job_id: string;
  extend_seconds: number;
}

/** Request on `coordinator.hosts.pairing` (§3.12). */
export interface PairingRequest {
  host_id: string;
}

// ---------------------------------------------------------------- coordinator → Island

/** `host.{id}.jobs` (§3.4), after validation. Optional fields absent on the wire are `null` here. */
export interface AssignJob {
  job_id: string;
  workload_id: string | null;
  input: unknown;
  lease_expires: number;
  runtime_type: string;
  container_image: string | null;
  image_digest: string | null;
  wasm_url: string | null;
  wasm_hash: string | null;
  model_url: string | null;
  model_hash: string | null;
  model_context_size: number | null;
  model_temperature: number | null;
  onnx_model_url: string | null;
  onnx_model_hash: string | null;
  onnx_task_type: string | null;
  sandbox_tier: string | null;
  pipeline_config: unknown;
  expert_config: unknown;
  speculative_config: unknown;
  training_config: unknown;
}

/** `host.{id}.cancel` (§3.9). */
export interface CancelJob {
  job_id: string;
}

/** `host.{id}.preload` and the HTTP recommendations list (§3.11). */
export interface PreloadRecommendation {
  type: string | null;
  workload_slug: string;
  model_url: string | null;
  model_hash: string | null;
  runtime_type: string;
  estimated_earnings_per_job: string | null;
  queued_demand: number | null;
  demand_score: number | null;
  priority: string | null;
}

/** Reply on `coordinator.hosts.pairing` (§3.12). */
export interface PairingResponse {
  success: boolean;
  code: string | null;
  expires_in_seconds: number | null;
  pair_url: string | null;
  error: string | null;
}

/** `GET {api_url}/api/v1/island/recommendations` (§2.3). */
export interface RecommendationsResponse {
  recommendations: PreloadRecommendation[];
}

/** `GET …/api/v1/agent/update` (§10.1). */
export interface UpdateInfo {
  update_available: boolean;
  current_version: string;
  latest_version: string | null;
  is_critical: boolean;
  download_url: string | null;
  signature: string | null;
  checksum_sha256: string | null;
  size_bytes: number | null;
  release_notes: string | null;
}

// ---------------------------------------------------------------- Cargo stdout (§3.14)

/** One JSON line a Cargo writes on stdout: a tagged union on `type`. */
export type WorkloadLine =
  | { type: 'status'; message: string }
  | { type: 'token'; content: string }
  | { type: 'progress'; step: number; total: number }
  | { type: 'image'; data: string; format: string; width: number; height: number }
  | { type: 'done'; usage?: { prompt_tokens?: number; completion_tokens?: number }; seed?: number }
  | { type: 'error'; message: string };
