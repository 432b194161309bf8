// Coordinator → Island messages as JSON text, for the reference coordinator in the test harness.
// Deliberately permissive: keys the caller leaves undefined are left out, explicit nulls are kept,
// values are written as given and keys outside the schema are appended. That lets the harness send
// exactly the malformed or surprising messages the Island must cope with.

import { anyJson } from './json-writer';
import type { AssignJob, CancelJob, PairingResponse, PreloadRecommendation, UpdateInfo } from './messages';

export type AssignJobInput = Partial<AssignJob> & Pick<AssignJob, 'job_id' | 'input' | 'lease_expires'>;

export type PreloadRecommendationInput = Partial<PreloadRecommendation> &
  Pick<PreloadRecommendation, 'workload_slug' | 'runtime_type'>;

export type UpdateInfoInput = Partial<UpdateInfo> & Pick<UpdateInfo, 'update_available' | 'current_version'>;

const ASSIGN_JOB_KEYS: readonly (keyof AssignJob)[] = [
  'job_id',
  'workload_id',
  'input',
  'lease_expires',
  'runtime_type',
  'container_image',
  'image_digest',
  'wasm_url',
  'wasm_hash',
  'model_url',
  'model_hash',
  'model_context_size',
  'model_temperature',
  'onnx_model_url',
  'onnx_model_hash',
  'onnx_task_type',
  'sandbox_tier',
  'pipeline_config',
  'expert_config',
  'speculative_config',
  'training_config',
];

const PRELOAD_KEYS: readonly (keyof PreloadRecommendation)[] = [
  'type',
  'workload_slug',
  'model_url',
  'model_hash',
  'runtime_type',
  'estimated_earnings_per_job',
  'queued_demand',
  'demand_score',
  'priority',
];

const PAIRING_RESPONSE_KEYS: readonly (keyof PairingResponse)[] = [
  'success',
  'code',
  'expires_in_seconds',
  'pair_url',
  'error',
];

const UPDATE_INFO_KEYS: readonly (keyof UpdateInfo)[] = [
  'update_available',
  'current_version',
  'latest_version',
  'is_critical',
  'download_url',
  'signature',
  'checksum_sha256',
  'size_bytes',
  'release_notes',
];

/** Known keys in `order`, then any other keys in insertion order; undefined values left out. */
function ordered(order: readonly string[], m: object): string {
  const source = m as Record<string, unknown>;
  const keys = [...order, ...Object.keys(source).filter((k) => !order.includes(k))];
  const parts: string[] = [];
  for (const key of keys) {
    const value = source[key];
    if (value !== undefined) parts.push(`${JSON.stringify(key)}:${anyJson(value)}`);
  }
  return `{${parts.join(',')}}`;
}

/** `host.{id}.jobs` (§3.4). */
export function encodeAssignJob(m: AssignJobInput): string {
  return ordered(ASSIGN_JOB_KEYS, m);
}

/** `host.{id}.cancel` (§3.9). */
export function encodeCancelJob(m: CancelJob): string {
  return ordered(['job_id'], m);
}

/** Reply on `coordinator.hosts.pairing` (§3.12). */
export function encodePairingResponse(m: Partial<PairingResponse> & { success: boolean }): string {
  return ordered(PAIRING_RESPONSE_KEYS, m);
}

/** `host.{id}.preload` (§3.11). */
export function encodePreloadRecommendation(m: PreloadRecommendationInput): string {
  return ordered(PRELOAD_KEYS, m);
}

/** Body of `GET /api/v1/island/recommendations` (§2.3). */
export function encodeRecommendationsResponse(m: { recommendations: readonly PreloadRecommendationInput[] }): string {
  return `{"recommendations":[${m.recommendations.map(encodePreloadRecommendation).join(',')}]}`;
}

/** Body of `GET /api/v1/agent/update` (§10.1). */
export function encodeUpdateInfo(m: UpdateInfoInput): string {
  return ordered(UPDATE_INFO_KEYS, m);
}
