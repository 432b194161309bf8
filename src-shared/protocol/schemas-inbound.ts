// zod schemas for coordinator → Island messages, mirroring the Rust Island's serde rules (§3.1):
// unknown keys ignored, `Option<T>` fields accept absent or null, declared integers are strict.

import * as z from 'zod';
import { wire } from './wire-schema';
import type { NumberForms } from './decode-core';

const optString = () => wire.optionalNullable(wire.string('a string or null'));
const optU32 = () => wire.optionalNullable(wire.u32('a non-negative integer (u32) or null'));
const optU64 = () => wire.optionalNullable(wire.u64('a non-negative integer (u64) or null'));

/** serde's custom workload_id visitor: string, u64 or i64; floats, booleans, objects, arrays fail. */
const workloadId = z
  .custom<string | number | null | undefined>(
    (v) => v === undefined || v === null || typeof v === 'string' || (typeof v === 'number' && Number.isInteger(v)),
    {
      error: (issue) => {
        const v = issue.input;
        const got = typeof v === 'number' ? `float ${v}` : Array.isArray(v) ? 'array' : typeof v;
        return `expected a string or an integer, got ${got}`;
      },
    },
  )
  .optional();

export const assignJobSchema = wire.object({
  job_id: wire.string(),
  workload_id: workloadId,
  input: z.unknown(),
  lease_expires: wire.i64(),
  // Absent means "container", but serde's `#[serde(default)] String` rejects an explicit null.
  runtime_type: wire.string().optional(),
  container_image: optString(),
  image_digest: optString(),
  wasm_url: optString(),
  wasm_hash: optString(),
  model_url: optString(),
  model_hash: optString(),
  model_context_size: optU32(),
  model_temperature: wire.optionalNullable(wire.number('a number or null')),
  onnx_model_url: optString(),
  onnx_model_hash: optString(),
  onnx_task_type: optString(),
  sandbox_tier: optString(),
  pipeline_config: z.unknown().optional(),
  expert_config: z.unknown().optional(),
  speculative_config: z.unknown().optional(),
  training_config: z.unknown().optional(),
});

export const ASSIGN_JOB_FORMS: NumberForms = { integers: ['lease_expires', 'model_context_size'] };

export const cancelJobSchema = wire.object({ job_id: wire.string() });

export const preloadRecommendationSchema = wire.object({
  type: optString(),
  workload_slug: wire.string(),
  model_url: optString(),
  model_hash: optString(),
  runtime_type: wire.string(),
  estimated_earnings_per_job: optString(),
  queued_demand: optU32(),
  demand_score: optU32(),
  priority: optString(),
});

export const PRELOAD_FORMS: NumberForms = { integers: ['queued_demand', 'demand_score'] };

export const recommendationsResponseSchema = wire.object({
  recommendations: wire.array(preloadRecommendationSchema),
});

export const RECOMMENDATIONS_FORMS: NumberForms = {
  integers: ['recommendations.*.queued_demand', 'recommendations.*.demand_score'],
};

export const pairingResponseSchema = wire.object({
  success: wire.boolean(),
  code: optString(),
  expires_in_seconds: optU64(),
  pair_url: optString(),
  error: optString(),
});

export const PAIRING_RESPONSE_FORMS: NumberForms = { integers: ['expires_in_seconds'] };

export const updateInfoSchema = wire.object({
  update_available: wire.boolean(),
  current_version: wire.string(),
  latest_version: optString(),
  // `#[serde(default)] bool`: absent → false, null → error.
  is_critical: wire.boolean().optional(),
  download_url: optString(),
  signature: optString(),
  checksum_sha256: optString(),
  size_bytes: optU64(),
  release_notes: optString(),
});

export const UPDATE_INFO_FORMS: NumberForms = { integers: ['size_bytes'] };
