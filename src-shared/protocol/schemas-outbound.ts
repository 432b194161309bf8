// zod schemas for Island → coordinator messages, stricter than the coordinator needs to be: the
// reference coordinator uses them to prove an Island sends exactly what the Rust Island sends.
// Unknown keys are errors, always-present keys must be present, "omitted if None" keys must not
// be null, integers must be integers and (see *_FORMS) f32 fields must carry a decimal point.

import { KNOWN_RUNTIMES } from './messages';
import type { NumberForms } from './decode-core';
import { wire } from './wire-schema';

const nullableString = () => wire.string('a string or null').nullable();
const nullableU32 = () => wire.u32('a non-negative integer (u32) or null').nullable();
const nullableF32 = () => wire.f32('a number (f32) or null').nullable();

export const registerHostSchema = wire.strictObject({
  host_id: wire.string(),
  capabilities: wire.strictObject({
    gpu_model: nullableString(),
    gpu_vram_mb: nullableU32(),
    cpu_cores: wire.u32(),
    ram_mb: wire.u32(),
    region: nullableString(),
  }),
  version: wire.string(),
});

export const REGISTER_HOST_FORMS: NumberForms = {
  integers: ['capabilities.gpu_vram_mb', 'capabilities.cpu_cores', 'capabilities.ram_mb'],
};

const systemSchema = wire.strictObject({
  cpu_percent: wire.f32(),
  memory_used_mb: wire.u64(),
  memory_total_mb: wire.u64(),
  disk_used_gb: wire.u64(),
  disk_total_gb: wire.u64(),
});

const gpuSchema = wire.strictObject({
  index: wire.u32(),
  utilization_percent: wire.u32(),
  memory_used_mb: wire.u64(),
  memory_total_mb: wire.u64(),
  temperature_c: wire.u32(),
  power_draw_w: wire.f32(),
});

const activeJobSchema = wire.strictObject({
  job_id: wire.string(),
  job_type: wire.string(),
  duration_ms: wire.u64(),
  tokens_generated: wire.omittable(wire.u64()),
  memory_mb: wire.omittable(wire.u64()),
  gpu_memory_mb: wire.omittable(wire.u64()),
});

const cacheSchema = wire.strictObject({
  cached_image_count: wire.u64(),
  cached_size_mb: wire.u64(),
  warm_workload_count: wire.u64(),
  warm_workload_ids: wire.array(wire.string()),
});

const estimatesSchema = wire.strictObject({
  gpu_bandwidth_gb_s: nullableF32(),
  estimated_llm_tok_s: nullableF32(),
  max_concurrent_containers: nullableU32(),
  wasm_memory_limit_mb: nullableU32(),
  supported_runtimes: wire.array(wire.literal(KNOWN_RUNTIMES)),
  nats_rtt_ms: wire.omittable(wire.f32()),
  public_addr: wire.omittable(wire.string()),
});

export const heartbeatSchema = wire.strictObject({
  host_id: wire.string(),
  // The Rust Island never sends anything else, so the coordinator has never seen another value.
  status: wire.literal(['online']),
  active_jobs: wire.u32(),
  timestamp: wire.i64(),
  agent_version: wire.string(),
  system: wire.omittable(systemSchema),
  gpus: wire.omittable(wire.array(gpuSchema)),
  active_job_metrics: wire.omittable(wire.array(activeJobSchema)),
  cache: wire.omittable(cacheSchema),
  performance_estimates: wire.omittable(estimatesSchema),
  asking_prices: wire.omittable(wire.stringMap('a string (a price)')),
});

export const HEARTBEAT_FORMS: NumberForms = {
  integers: [
    'active_jobs',
    'timestamp',
    'system.memory_used_mb',
    'system.memory_total_mb',
    'system.disk_used_gb',
    'system.disk_total_gb',
    'gpus.*.index',
    'gpus.*.utilization_percent',
    'gpus.*.memory_used_mb',
    'gpus.*.memory_total_mb',
    'gpus.*.temperature_c',
    'active_job_metrics.*.duration_ms',
    'active_job_metrics.*.tokens_generated',
    'active_job_metrics.*.memory_mb',
    'active_job_metrics.*.gpu_memory_mb',
    'cache.cached_image_count',
    'cache.cached_size_mb',
    'cache.warm_workload_count',
    'performance_estimates.max_concurrent_containers',
    'performance_estimates.wasm_memory_limit_mb',
  ],
  floats: [
    'system.cpu_percent',
    'gpus.*.power_draw_w',
    'performance_estimates.gpu_bandwidth_gb_s',
    'performance_estimates.estimated_llm_tok_s',
    'performance_estimates.nats_rtt_ms',
  ],
};

export const jobStatusSchema = wire.strictObject({
  job_id: wire.string(),
  state: wire.literal(['started', 'streaming', 'succeeded', 'failed', 'cancelled']),
  error: wire.omittable(wire.string()),
  timestamp: wire.i64(),
});

export const JOB_STATUS_FORMS: NumberForms = { integers: ['timestamp'] };

export const jobOutputSchema = wire.strictObject({
  job_id: wire.string(),
  seq: wire.u64(),
  chunk: wire.string(),
  is_final: wire.boolean(),
});

export const JOB_OUTPUT_FORMS: NumberForms = { integers: ['seq'] };

export const jobProgressSchema = wire.strictObject({
  job_id: wire.string(),
  step: wire.u32(),
  total: wire.u32(),
});

export const JOB_PROGRESS_FORMS: NumberForms = { integers: ['step', 'total'] };

export const jobImageOutputSchema = wire.strictObject({
  job_id: wire.string(),
  image_data: wire.string(),
  format: wire.string(),
  width: wire.u32(),
  height: wire.u32(),
  seed: wire.omittable(wire.u64()),
});

export const JOB_IMAGE_OUTPUT_FORMS: NumberForms = { integers: ['width', 'height', 'seed'] };

export const leaseRenewalSchema = wire.strictObject({
  job_id: wire.string(),
  extend_seconds: wire.u64(),
});

export const LEASE_RENEWAL_FORMS: NumberForms = { integers: ['extend_seconds'] };

export const pairingRequestSchema = wire.strictObject({ host_id: wire.string() });
