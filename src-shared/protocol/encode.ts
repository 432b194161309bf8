// Island → coordinator messages as JSON text (../shared/reference/island-protocol.md §3).
// WIRE: keys in the order of the reference tables, "omitted if None" keys left out, "null if None"
// keys written as null, integers as integers and f32 fields with a decimal point (json-writer).
// A malformed message is a bug in our own code, so these throw instead of sending it.

import { FieldWriter, jsonObject } from './json-writer';
import type {
  CacheMetricsSnapshot,
  EnhancedHeartbeat,
  HostCapabilities,
  JobImageOutput,
  JobOutput,
  JobProgress,
  JobState,
  JobStatus,
  LeaseRenewal,
  PairingRequest,
  PerformanceEstimates,
  RegisterHost,
  SystemMetricsSnapshot,
} from './messages';

export {
  encodeAssignJob,
  encodeCancelJob,
  encodePairingResponse,
  encodePreloadRecommendation,
  encodeRecommendationsResponse,
  encodeUpdateInfo,
} from './encode-coordinator';
export type { AssignJobInput, PreloadRecommendationInput, UpdateInfoInput } from './encode-coordinator';

const JOB_STATES: readonly JobState[] = ['started', 'streaming', 'succeeded', 'failed', 'cancelled'];

function record(w: FieldWriter, path: string, value: unknown): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) w.fail(path, 'an object', value);
  return value as Record<string, unknown>;
}

function array(w: FieldWriter, path: string, value: unknown, item: (v: unknown, p: string) => string): string {
  if (!Array.isArray(value)) w.fail(path, 'an array', value);
  return `[${value.map((v, i) => item(v, `${path}[${i}]`)).join(',')}]`;
}

function capabilities(w: FieldWriter, value: HostCapabilities): string {
  const c = record(w, 'capabilities', value);
  return jsonObject([
    ['gpu_model', w.nullable('capabilities.gpu_model', c.gpu_model, 'string')],
    ['gpu_vram_mb', w.nullable('capabilities.gpu_vram_mb', c.gpu_vram_mb, 'u32')],
    ['cpu_cores', w.u32('capabilities.cpu_cores', c.cpu_cores)],
    ['ram_mb', w.u32('capabilities.ram_mb', c.ram_mb)],
    ['region', w.nullable('capabilities.region', c.region, 'string')],
  ]);
}

export function encodeRegisterHost(m: RegisterHost): string {
  const w = new FieldWriter('encodeRegisterHost');
  return jsonObject([
    ['host_id', w.string('host_id', m.host_id)],
    ['capabilities', capabilities(w, m.capabilities)],
    ['version', w.string('version', m.version)],
  ]);
}

function system(w: FieldWriter, value: SystemMetricsSnapshot): string {
  const s = record(w, 'system', value);
  return jsonObject([
    ['cpu_percent', w.f32('system.cpu_percent', s.cpu_percent)],
    ['memory_used_mb', w.u64('system.memory_used_mb', s.memory_used_mb)],
    ['memory_total_mb', w.u64('system.memory_total_mb', s.memory_total_mb)],
    ['disk_used_gb', w.u64('system.disk_used_gb', s.disk_used_gb)],
    ['disk_total_gb', w.u64('system.disk_total_gb', s.disk_total_gb)],
  ]);
}

function gpu(w: FieldWriter, value: unknown, p: string): string {
  const g = record(w, p, value);
  return jsonObject([
    ['index', w.u32(`${p}.index`, g.index)],
    ['utilization_percent', w.u32(`${p}.utilization_percent`, g.utilization_percent)],
    ['memory_used_mb', w.u64(`${p}.memory_used_mb`, g.memory_used_mb)],
    ['memory_total_mb', w.u64(`${p}.memory_total_mb`, g.memory_total_mb)],
    ['temperature_c', w.u32(`${p}.temperature_c`, g.temperature_c)],
    ['power_draw_w', w.f32(`${p}.power_draw_w`, g.power_draw_w)],
  ]);
}

function jobMetrics(w: FieldWriter, value: unknown, p: string): string {
  const j = record(w, p, value);
  return jsonObject([
    ['job_id', w.string(`${p}.job_id`, j.job_id)],
    ['job_type', w.string(`${p}.job_type`, j.job_type)],
    ['duration_ms', w.u64(`${p}.duration_ms`, j.duration_ms)],
    ['tokens_generated', w.omittable(`${p}.tokens_generated`, j.tokens_generated, 'u64')],
    ['memory_mb', w.omittable(`${p}.memory_mb`, j.memory_mb, 'u64')],
    ['gpu_memory_mb', w.omittable(`${p}.gpu_memory_mb`, j.gpu_memory_mb, 'u64')],
  ]);
}

function cache(w: FieldWriter, value: CacheMetricsSnapshot): string {
  const c = record(w, 'cache', value);
  return jsonObject([
    ['cached_image_count', w.u64('cache.cached_image_count', c.cached_image_count)],
    ['cached_size_mb', w.u64('cache.cached_size_mb', c.cached_size_mb)],
    ['warm_workload_count', w.u64('cache.warm_workload_count', c.warm_workload_count)],
    ['warm_workload_ids', w.stringArray('cache.warm_workload_ids', c.warm_workload_ids)],
  ]);
}

function estimates(w: FieldWriter, value: PerformanceEstimates): string {
  const e = record(w, 'performance_estimates', value);
  const p = 'performance_estimates';
  return jsonObject([
    ['gpu_bandwidth_gb_s', w.nullable(`${p}.gpu_bandwidth_gb_s`, e.gpu_bandwidth_gb_s, 'f32')],
    ['estimated_llm_tok_s', w.nullable(`${p}.estimated_llm_tok_s`, e.estimated_llm_tok_s, 'f32')],
    ['max_concurrent_containers', w.nullable(`${p}.max_concurrent_containers`, e.max_concurrent_containers, 'u32')],
    ['wasm_memory_limit_mb', w.nullable(`${p}.wasm_memory_limit_mb`, e.wasm_memory_limit_mb, 'u32')],
    ['supported_runtimes', w.stringArray(`${p}.supported_runtimes`, e.supported_runtimes)],
    ['nats_rtt_ms', w.omittable(`${p}.nats_rtt_ms`, e.nats_rtt_ms, 'f32')],
    ['public_addr', w.omittable(`${p}.public_addr`, e.public_addr, 'string')],
  ]);
}

function prices(w: FieldWriter, value: Record<string, string>): string {
  const entries = Object.entries(record(w, 'asking_prices', value));
  return jsonObject(entries.map(([k, v]) => [k, w.string(`asking_prices.${k}`, v)] as const));
}

/** `host.{id}.heartbeat` (§3.3). Optional sections are left out when undefined or null. */
export function encodeHeartbeat(m: EnhancedHeartbeat): string {
  const w = new FieldWriter('encodeHeartbeat');
  const present = <T>(v: T | undefined | null, f: (v: T) => string): string | undefined =>
    v === undefined || v === null ? undefined : f(v);
  return jsonObject([
    ['host_id', w.string('host_id', m.host_id)],
    ['status', w.string('status', m.status)],
    ['active_jobs', w.u32('active_jobs', m.active_jobs)],
    ['timestamp', w.i64('timestamp', m.timestamp)],
    ['agent_version', w.string('agent_version', m.agent_version)],
    ['system', present(m.system, (v) => system(w, v))],
    ['gpus', present(m.gpus, (v) => array(w, 'gpus', v, (g, p) => gpu(w, g, p)))],
    ['active_job_metrics', present(m.active_job_metrics, (v) => array(w, 'active_job_metrics', v, (j, p) => jobMetrics(w, j, p)))],
    ['cache', present(m.cache, (v) => cache(w, v))],
    ['performance_estimates', present(m.performance_estimates, (v) => estimates(w, v))],
    ['asking_prices', present(m.asking_prices, (v) => prices(w, v))],
  ]);
}

/** `host.{id}.status` (§3.5). Refuses any state outside the five the coordinator accepts. */
export function encodeJobStatus(m: JobStatus): string {
  const w = new FieldWriter('encodeJobStatus');
  if (!JOB_STATES.includes(m.state)) w.fail('state', `one of ${JOB_STATES.join(', ')}`, m.state);
  return jsonObject([
    ['job_id', w.string('job_id', m.job_id)],
    ['state', w.string('state', m.state)],
    ['error', w.omittable('error', m.error, 'string')],
    ['timestamp', w.i64('timestamp', m.timestamp)],
  ]);
}

export function encodeJobOutput(m: JobOutput): string {
  const w = new FieldWriter('encodeJobOutput');
  return jsonObject([
    ['job_id', w.string('job_id', m.job_id)],
    ['seq', w.u64('seq', m.seq)],
    ['chunk', w.string('chunk', m.chunk)],
    ['is_final', w.boolean('is_final', m.is_final)],
  ]);
}

export function encodeJobProgress(m: JobProgress): string {
  const w = new FieldWriter('encodeJobProgress');
  return jsonObject([
    ['job_id', w.string('job_id', m.job_id)],
    ['step', w.u32('step', m.step)],
    ['total', w.u32('total', m.total)],
  ]);
}

export function encodeJobImageOutput(m: JobImageOutput): string {
  const w = new FieldWriter('encodeJobImageOutput');
  return jsonObject([
    ['job_id', w.string('job_id', m.job_id)],
    ['image_data', w.string('image_data', m.image_data)],
    ['format', w.string('format', m.format)],
    ['width', w.u32('width', m.width)],
    ['height', w.u32('height', m.height)],
    ['seed', w.omittable('seed', m.seed, 'u64')],
  ]);
}

export function encodeLeaseRenewal(m: LeaseRenewal): string {
  const w = new FieldWriter('encodeLeaseRenewal');
  return jsonObject([
    ['job_id', w.string('job_id', m.job_id)],
    ['extend_seconds', w.u64('extend_seconds', m.extend_seconds)],
  ]);
}

export function encodePairingRequest(m: PairingRequest): string {
  const w = new FieldWriter('encodePairingRequest');
  return jsonObject([['host_id', w.string('host_id', m.host_id)]]);
}
