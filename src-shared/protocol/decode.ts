// Runtime validation of every wire message (../shared/reference/island-protocol.md §3).
// Coordinator → Island decoders follow the Rust Island's serde rules exactly, so we accept and
// reject the same messages it does. Island → coordinator decoders are strict checkers for the
// reference coordinator. None of them throws on untrusted input.

import type * as z from 'zod';
import { decodeStages, decodeWith, type Decoded } from './decode-core';
import { toLossyText, type ParsedJson } from './json-text';
import { findNumberTokens, isIntegerToken } from './number-tokens';
import type {
  AssignJob,
  CancelJob,
  EnhancedHeartbeat,
  JobImageOutput,
  JobOutput,
  JobProgress,
  JobStatus,
  LeaseRenewal,
  PairingRequest,
  PairingResponse,
  PreloadRecommendation,
  RecommendationsResponse,
  RegisterHost,
  UpdateInfo,
} from './messages';
import * as inbound from './schemas-inbound';
import * as outbound from './schemas-outbound';

export type { Decoded } from './decode-core';

export type DecodedAssignJob = { ok: true; value: AssignJob } | { ok: false; error: string; jobId: string | null };

// ---------------------------------------------------------------- coordinator → Island

const JOB_ID_AT = /"job_id"\s*:\s*"([^"\\]{1,200})"/y;

/**
 * The first `"job_id":"…"` at the top level of text that is not JSON. Only the top level: a
 * `job_id` inside `input` (which a coordinator writing keys in order puts first) names another
 * job, and reporting that one `failed` would be worse than reporting nothing.
 */
function topLevelJobId(text: string): string | null {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22) {
      if (depth === 1) {
        JOB_ID_AT.lastIndex = i;
        const id = JOB_ID_AT.exec(text)?.[1];
        if (id !== undefined) return id;
      }
      for (i++; i < text.length && text.charCodeAt(i) !== 0x22; i++) if (text.charCodeAt(i) === 0x5c) i++;
    } else if (c === 0x7b || c === 0x5b) depth++;
    else if (c === 0x7d || c === 0x5d) depth--;
  }
  return null;
}

/** The job id of a rejected job, so the Island can report it `failed` instead of dropping it silently. */
function salvageJobId(json: ParsedJson | null, data: Uint8Array | string): string | null {
  if (json !== null) {
    const raw = json.value;
    if (isRecord(raw) && typeof raw.job_id === 'string' && raw.job_id !== '') return raw.job_id;
    return null;
  }
  return topLevelJobId(toLossyText(data));
}

const I64_MIN = -(2n ** 63n);
const U64_MAX = 2n ** 64n - 1n;

/** serde's workload_id visitor turns integers into decimal strings (`99` → `"99"`), exactly. */
function workloadIdText(value: string | number | null | undefined, json: ParsedJson): Decoded<string | null> {
  if (value === undefined || value === null) return { ok: true, value: null };
  if (typeof value === 'string') return { ok: true, value };
  // The last one, as JSON.parse keeps the last of duplicate keys.
  const source = findNumberTokens(json.text, ['workload_id']).at(-1)?.token ?? String(value);
  if (!isIntegerToken(source)) {
    return { ok: false, error: `field "workload_id": expected a string or an integer, got float ${source}` };
  }
  const n = BigInt(source);
  if (n < I64_MIN || n > U64_MAX) {
    return { ok: false, error: `field "workload_id": integer ${source} is outside the i64/u64 range` };
  }
  return { ok: true, value: n.toString() };
}

/** `host.{id}.jobs` (§3.4). On failure `jobId` is the job's id when one can be read, else null. */
export function decodeAssignJob(data: Uint8Array | string): DecodedAssignJob {
  const stage = decodeStages(data, inbound.assignJobSchema, inbound.ASSIGN_JOB_FORMS);
  if (!stage.ok) {
    return { ok: false, error: `invalid AssignJob: ${stage.error}`, jobId: salvageJobId(stage.json, data) };
  }
  const m = stage.value;
  const workloadId = workloadIdText(m.workload_id, stage.json);
  if (!workloadId.ok) return { ok: false, error: `invalid AssignJob: ${workloadId.error}`, jobId: m.job_id || null };
  return {
    ok: true,
    value: {
      job_id: m.job_id,
      workload_id: workloadId.value,
      input: m.input,
      lease_expires: m.lease_expires,
      runtime_type: m.runtime_type ?? 'container',
      container_image: m.container_image ?? null,
      image_digest: m.image_digest ?? null,
      wasm_url: m.wasm_url ?? null,
      wasm_hash: m.wasm_hash ?? null,
      model_url: m.model_url ?? null,
      model_hash: m.model_hash ?? null,
      model_context_size: m.model_context_size ?? null,
      model_temperature: m.model_temperature ?? null,
      onnx_model_url: m.onnx_model_url ?? null,
      onnx_model_hash: m.onnx_model_hash ?? null,
      onnx_task_type: m.onnx_task_type ?? null,
      sandbox_tier: m.sandbox_tier ?? null,
      pipeline_config: m.pipeline_config ?? null,
      expert_config: m.expert_config ?? null,
      speculative_config: m.speculative_config ?? null,
      training_config: m.training_config ?? null,
    },
  };
}

/** `host.{id}.cancel` (§3.9). */
export function decodeCancelJob(data: Uint8Array | string): Decoded<CancelJob> {
  return map(decodeWith('CancelJob', data, inbound.cancelJobSchema), (m) => ({ job_id: m.job_id }));
}

type PreloadParsed = z.infer<typeof inbound.preloadRecommendationSchema>;

function preload(m: PreloadParsed): PreloadRecommendation {
  return {
    type: m.type ?? null,
    workload_slug: m.workload_slug,
    model_url: m.model_url ?? null,
    model_hash: m.model_hash ?? null,
    runtime_type: m.runtime_type,
    estimated_earnings_per_job: m.estimated_earnings_per_job ?? null,
    queued_demand: m.queued_demand ?? null,
    demand_score: m.demand_score ?? null,
    priority: m.priority ?? null,
  };
}

/** `host.{id}.preload` (§3.11). */
export function decodePreloadRecommendation(data: Uint8Array | string): Decoded<PreloadRecommendation> {
  return map(
    decodeWith('PreloadRecommendation', data, inbound.preloadRecommendationSchema, inbound.PRELOAD_FORMS),
    preload,
  );
}

/** Body of `GET /api/v1/island/recommendations` (§2.3). One bad entry fails the whole list, as in Rust. */
export function decodeRecommendationsResponse(data: Uint8Array | string): Decoded<RecommendationsResponse> {
  return map(
    decodeWith('RecommendationsResponse', data, inbound.recommendationsResponseSchema, inbound.RECOMMENDATIONS_FORMS),
    (m) => ({ recommendations: m.recommendations.map(preload) }),
  );
}

/** Reply on `coordinator.hosts.pairing` (§3.12). */
export function decodePairingResponse(data: Uint8Array | string): Decoded<PairingResponse> {
  return map(
    decodeWith('PairingResponse', data, inbound.pairingResponseSchema, inbound.PAIRING_RESPONSE_FORMS),
    (m) => ({
      success: m.success,
      code: m.code ?? null,
      expires_in_seconds: m.expires_in_seconds ?? null,
      pair_url: m.pair_url ?? null,
      error: m.error ?? null,
    }),
  );
}

/** The Rust Island's own wording (§10.1), kept verbatim because owners may search for it. */
export const UPDATE_MISSING_FIELDS_ERROR = 'Missing required field: download_url, signature, or checksum_sha256';

/** Body of `GET /api/v1/agent/update` (§10.1). */
export function decodeUpdateInfo(data: Uint8Array | string): Decoded<UpdateInfo> {
  const decoded = decodeWith('UpdateInfo', data, inbound.updateInfoSchema, inbound.UPDATE_INFO_FORMS);
  if (!decoded.ok) return decoded;
  const m = decoded.value;
  const download_url = m.download_url ?? null;
  const signature = m.signature ?? null;
  const checksum_sha256 = m.checksum_sha256 ?? null;
  if (m.update_available && (download_url === null || signature === null || checksum_sha256 === null)) {
    return { ok: false, error: UPDATE_MISSING_FIELDS_ERROR };
  }
  return {
    ok: true,
    value: {
      update_available: m.update_available,
      current_version: m.current_version,
      latest_version: m.latest_version ?? null,
      is_critical: m.is_critical ?? false,
      download_url,
      signature,
      checksum_sha256,
      size_bytes: m.size_bytes ?? null,
      release_notes: m.release_notes ?? null,
    },
  };
}

// ---------------------------------------------------------------- Island → coordinator (strict)

type Data = Uint8Array | string;

/** `coordinator.hosts.register` (§3.2). */
export function decodeRegisterHost(data: Data): Decoded<RegisterHost> {
  return decodeWith('RegisterHost', data, outbound.registerHostSchema, outbound.REGISTER_HOST_FORMS);
}

/** `host.{id}.heartbeat` (§3.3), including the decimal point of every f32 field. */
export function decodeHeartbeat(data: Data): Decoded<EnhancedHeartbeat> {
  return decodeWith('EnhancedHeartbeat', data, outbound.heartbeatSchema, outbound.HEARTBEAT_FORMS);
}

/** `host.{id}.status` (§3.5): only the five legal states, never `completed` or `running`. */
export function decodeJobStatus(data: Data): Decoded<JobStatus> {
  return decodeWith('JobStatus', data, outbound.jobStatusSchema, outbound.JOB_STATUS_FORMS);
}

/** `host.{id}.output` (§3.6). */
export function decodeJobOutput(data: Data): Decoded<JobOutput> {
  return decodeWith('JobOutput', data, outbound.jobOutputSchema, outbound.JOB_OUTPUT_FORMS);
}

/** `host.{id}.progress` (§3.7). */
export function decodeJobProgress(data: Data): Decoded<JobProgress> {
  return decodeWith('JobProgress', data, outbound.jobProgressSchema, outbound.JOB_PROGRESS_FORMS);
}

/** `host.{id}.image` (§3.8). */
export function decodeJobImageOutput(data: Data): Decoded<JobImageOutput> {
  return decodeWith('JobImageOutput', data, outbound.jobImageOutputSchema, outbound.JOB_IMAGE_OUTPUT_FORMS);
}

/** `host.{id}.lease` (§3.10). */
export function decodeLeaseRenewal(data: Data): Decoded<LeaseRenewal> {
  return decodeWith('LeaseRenewal', data, outbound.leaseRenewalSchema, outbound.LEASE_RENEWAL_FORMS);
}

/** Request on `coordinator.hosts.pairing` (§3.12). */
export function decodePairingRequest(data: Data): Decoded<PairingRequest> {
  return decodeWith('PairingRequest', data, outbound.pairingRequestSchema);
}

// ---------------------------------------------------------------- helpers

function map<A, B>(decoded: Decoded<A>, f: (a: A) => B): Decoded<B> {
  return decoded.ok ? { ok: true, value: f(decoded.value) } : decoded;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
