// Property tests: decoders never throw on hostile input, and every message survives encode → decode.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as decode from '../../../src-shared/protocol/decode';
import * as encode from '../../../src-shared/protocol/encode';
import { formatF32, roundF32 } from '../../../src-shared/protocol/json-writer';
import {
  KNOWN_RUNTIMES,
  type AssignJob,
  type EnhancedHeartbeat,
  type JobState,
  type PreloadRecommendation,
  type UpdateInfo,
} from '../../../src-shared/protocol/messages';

const RUNS = { numRuns: 300 };

// ---------------------------------------------------------------- arbitraries

const str = fc.string({ unit: 'binary' });
const u32 = fc.integer({ min: 0, max: 4_294_967_295 });
const u64 = fc.maxSafeNat();
const i64 = fc.maxSafeInteger();
/** f32 values with at most 3 decimals, so encoding does not round them. */
const f32 = fc.integer({ min: 0, max: 10_000_000_000 }).map((n) => n / 1000);
/** JSON values as they come back from the wire (-0 is written as 0). */
const json = fc.jsonValue().map((v) => JSON.parse(JSON.stringify(v)) as unknown);
const nullable = <T>(a: fc.Arbitrary<T>) => fc.option(a, { nil: null });

const capabilities = fc.record({
  gpu_model: nullable(str),
  gpu_vram_mb: nullable(u32),
  cpu_cores: u32,
  ram_mb: u32,
  region: nullable(str),
});

const heartbeat: fc.Arbitrary<EnhancedHeartbeat> = fc.record(
  {
    host_id: str,
    status: fc.constant('online'),
    active_jobs: u32,
    timestamp: i64,
    agent_version: str,
    system: fc.record({ cpu_percent: f32, memory_used_mb: u64, memory_total_mb: u64, disk_used_gb: u64, disk_total_gb: u64 }),
    gpus: fc.array(
      fc.record({
        index: u32,
        utilization_percent: u32,
        memory_used_mb: u64,
        memory_total_mb: u64,
        temperature_c: u32,
        power_draw_w: f32,
      }),
      { maxLength: 4 },
    ),
    active_job_metrics: fc.array(
      fc.record(
        { job_id: str, job_type: str, duration_ms: u64, tokens_generated: u64, memory_mb: u64, gpu_memory_mb: u64 },
        { requiredKeys: ['job_id', 'job_type', 'duration_ms'] },
      ),
      { maxLength: 3 },
    ),
    cache: fc.record({
      cached_image_count: u64,
      cached_size_mb: u64,
      warm_workload_count: u64,
      warm_workload_ids: fc.array(str, { maxLength: 4 }),
    }),
    performance_estimates: fc.record(
      {
        gpu_bandwidth_gb_s: nullable(f32),
        estimated_llm_tok_s: nullable(f32),
        max_concurrent_containers: nullable(u32),
        wasm_memory_limit_mb: nullable(u32),
        supported_runtimes: fc.subarray([...KNOWN_RUNTIMES]),
        nats_rtt_ms: f32,
        public_addr: str,
      },
      { requiredKeys: ['gpu_bandwidth_gb_s', 'estimated_llm_tok_s', 'max_concurrent_containers', 'wasm_memory_limit_mb', 'supported_runtimes'] },
    ),
    asking_prices: fc.dictionary(fc.string(), fc.string()),
  },
  { requiredKeys: ['host_id', 'status', 'active_jobs', 'timestamp', 'agent_version'] },
);

const jobState = fc.constantFrom<JobState>('started', 'streaming', 'succeeded', 'failed', 'cancelled');

const preload: fc.Arbitrary<PreloadRecommendation> = fc.record({
  type: nullable(str),
  workload_slug: str,
  model_url: nullable(str),
  model_hash: nullable(str),
  runtime_type: str,
  estimated_earnings_per_job: nullable(str),
  queued_demand: nullable(u32),
  demand_score: nullable(u32),
  priority: nullable(str),
});

const assignJob: fc.Arbitrary<AssignJob> = fc.record({
  job_id: str,
  workload_id: nullable(str),
  input: json,
  lease_expires: i64,
  runtime_type: fc.oneof(fc.constantFrom(...KNOWN_RUNTIMES), str),
  container_image: nullable(str),
  image_digest: nullable(str),
  wasm_url: nullable(str),
  wasm_hash: nullable(str),
  model_url: nullable(str),
  model_hash: nullable(str),
  model_context_size: nullable(u32),
  model_temperature: nullable(fc.double({ noNaN: true, noDefaultInfinity: true }).filter((x) => !Object.is(x, -0))),
  onnx_model_url: nullable(str),
  onnx_model_hash: nullable(str),
  onnx_task_type: nullable(str),
  sandbox_tier: nullable(str),
  pipeline_config: json,
  expert_config: json,
  speculative_config: json,
  training_config: json,
});

const updateInfo: fc.Arbitrary<UpdateInfo> = fc.record({
  update_available: fc.boolean(),
  current_version: str,
  latest_version: nullable(str),
  is_critical: fc.boolean(),
  download_url: nullable(str),
  signature: nullable(str),
  checksum_sha256: nullable(str),
  size_bytes: nullable(u64),
  release_notes: nullable(str),
});

/** Arbitrary objects shaped roughly like an AssignJob, with wrong types mixed in. */
const assignJobish = fc.record(
  {
    job_id: fc.oneof(str, fc.jsonValue()),
    workload_id: fc.oneof(str, fc.integer(), fc.double(), fc.jsonValue()),
    input: fc.jsonValue(),
    lease_expires: fc.oneof(fc.integer(), fc.double(), str, fc.jsonValue()),
    runtime_type: fc.oneof(fc.constantFrom(...KNOWN_RUNTIMES), fc.jsonValue()),
    model_context_size: fc.oneof(fc.integer(), fc.double(), fc.jsonValue()),
    model_temperature: fc.jsonValue(),
    pipeline_config: fc.jsonValue(),
  },
  { requiredKeys: [] },
);

// ---------------------------------------------------------------- never throws

const DECODERS = [
  decode.decodeCancelJob,
  decode.decodePreloadRecommendation,
  decode.decodePairingResponse,
  decode.decodeRecommendationsResponse,
  decode.decodeUpdateInfo,
  decode.decodeRegisterHost,
  decode.decodeHeartbeat,
  decode.decodeJobStatus,
  decode.decodeJobOutput,
  decode.decodeJobProgress,
  decode.decodeJobImageOutput,
  decode.decodeLeaseRenewal,
  decode.decodePairingRequest,
];

function checkAssignJobResult(r: ReturnType<typeof decode.decodeAssignJob>): void {
  if (r.ok) {
    expect(typeof r.value.job_id).toBe('string');
    expect(typeof r.value.runtime_type).toBe('string');
    expect(Number.isSafeInteger(r.value.lease_expires)).toBe(true);
  } else {
    expect(r.error).toMatch(/^invalid AssignJob: /);
    expect(r.jobId === null || (typeof r.jobId === 'string' && r.jobId !== '')).toBe(true);
  }
}

describe('decoders never throw', () => {
  it('decodeAssignJob on arbitrary strings', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary' }), (s) => checkAssignJobResult(decode.decodeAssignJob(s))), RUNS);
  });

  it('decodeAssignJob on arbitrary bytes', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 200 }), (b) => checkAssignJobResult(decode.decodeAssignJob(b))), RUNS);
  });

  it('decodeAssignJob on arbitrary JSON values', () => {
    fc.assert(fc.property(fc.jsonValue(), (v) => checkAssignJobResult(decode.decodeAssignJob(JSON.stringify(v)))), RUNS);
  });

  it('decodeAssignJob on AssignJob-shaped objects with wrong types', () => {
    fc.assert(fc.property(assignJobish, (v) => checkAssignJobResult(decode.decodeAssignJob(JSON.stringify(v)))), RUNS);
  });

  it('decodeAssignJob on truncated valid jobs, salvaging the id when it is complete', () => {
    fc.assert(
      fc.property(assignJob, fc.nat(), (job, cut) => {
        const text = encode.encodeAssignJob({ ...job, job_id: 'job-42' });
        const r = decode.decodeAssignJob(text.slice(0, cut % text.length));
        checkAssignJobResult(r);
        if (!r.ok && cut % text.length > '{"job_id":"job-42"'.length) expect(r.jobId).toBe('job-42');
      }),
      RUNS,
    );
  });

  it('every other decoder on arbitrary JSON and text', () => {
    fc.assert(
      fc.property(fc.oneof(fc.jsonValue().map((v) => JSON.stringify(v)), fc.string({ unit: 'binary' })), (text) => {
        for (const d of DECODERS) {
          const r = d(text);
          if (!r.ok) expect(r.error.length).toBeGreaterThan(0);
        }
      }),
      RUNS,
    );
  });
});

// ---------------------------------------------------------------- round trips

describe('encode → decode round trips', () => {
  it('RegisterHost', () => {
    fc.assert(
      fc.property(fc.record({ host_id: str, capabilities, version: str }), (m) => {
        expect(decode.decodeRegisterHost(encode.encodeRegisterHost(m))).toEqual({ ok: true, value: m });
      }),
      RUNS,
    );
  });

  it('EnhancedHeartbeat, including the f32 decimal-point check', () => {
    fc.assert(
      fc.property(heartbeat, (m) => {
        expect(decode.decodeHeartbeat(encode.encodeHeartbeat(m))).toEqual({ ok: true, value: m });
      }),
      RUNS,
    );
  });

  it('JobStatus', () => {
    fc.assert(
      fc.property(fc.record({ job_id: str, state: jobState, error: str, timestamp: i64 }, { requiredKeys: ['job_id', 'state', 'timestamp'] }), (m) => {
        expect(decode.decodeJobStatus(encode.encodeJobStatus(m))).toEqual({ ok: true, value: m });
      }),
      RUNS,
    );
  });

  it('JobOutput, JobProgress, LeaseRenewal, PairingRequest', () => {
    fc.assert(
      fc.property(
        fc.record({ job_id: str, seq: u64, chunk: str, is_final: fc.boolean() }),
        fc.record({ job_id: str, step: u32, total: u32 }),
        fc.record({ job_id: str, extend_seconds: u64 }),
        fc.record({ host_id: str }),
        (out, progress, lease, pairing) => {
          expect(decode.decodeJobOutput(encode.encodeJobOutput(out))).toEqual({ ok: true, value: out });
          expect(decode.decodeJobProgress(encode.encodeJobProgress(progress))).toEqual({ ok: true, value: progress });
          expect(decode.decodeLeaseRenewal(encode.encodeLeaseRenewal(lease))).toEqual({ ok: true, value: lease });
          expect(decode.decodePairingRequest(encode.encodePairingRequest(pairing))).toEqual({ ok: true, value: pairing });
        },
      ),
      RUNS,
    );
  });

  it('JobImageOutput', () => {
    fc.assert(
      fc.property(
        fc.record({ job_id: str, image_data: fc.base64String(), format: str, width: u32, height: u32, seed: u64 }, { requiredKeys: ['job_id', 'image_data', 'format', 'width', 'height'] }),
        (m) => {
          expect(decode.decodeJobImageOutput(encode.encodeJobImageOutput(m))).toEqual({ ok: true, value: m });
        },
      ),
      RUNS,
    );
  });

  it('AssignJob (coordinator side)', () => {
    fc.assert(
      fc.property(assignJob, (m) => {
        expect(decode.decodeAssignJob(encode.encodeAssignJob(m))).toEqual({ ok: true, value: m });
      }),
      RUNS,
    );
  });

  it('AssignJob with optional keys left out decodes them as defaults', () => {
    fc.assert(
      fc.property(fc.record({ job_id: str, input: json, lease_expires: i64 }), (m) => {
        const r = decode.decodeAssignJob(encode.encodeAssignJob(m));
        expect(r.ok && r.value).toMatchObject({ ...m, runtime_type: 'container', workload_id: null, training_config: null });
      }),
      RUNS,
    );
  });

  it('CancelJob, PairingResponse, PreloadRecommendation, RecommendationsResponse (coordinator side)', () => {
    fc.assert(
      fc.property(
        fc.record({ job_id: str }),
        fc.record({ success: fc.boolean(), code: nullable(str), expires_in_seconds: nullable(u64), pair_url: nullable(str), error: nullable(str) }),
        preload,
        fc.array(preload, { maxLength: 4 }),
        (cancel, pairing, rec, recs) => {
          expect(decode.decodeCancelJob(encode.encodeCancelJob(cancel))).toEqual({ ok: true, value: cancel });
          expect(decode.decodePairingResponse(encode.encodePairingResponse(pairing))).toEqual({ ok: true, value: pairing });
          expect(decode.decodePreloadRecommendation(encode.encodePreloadRecommendation(rec))).toEqual({ ok: true, value: rec });
          expect(decode.decodeRecommendationsResponse(encode.encodeRecommendationsResponse({ recommendations: recs }))).toEqual({
            ok: true,
            value: { recommendations: recs },
          });
        },
      ),
      RUNS,
    );
  });

  it('UpdateInfo (coordinator side), with the missing-fields rule', () => {
    fc.assert(
      fc.property(updateInfo, (m) => {
        const r = decode.decodeUpdateInfo(encode.encodeUpdateInfo(m));
        const incomplete = m.update_available && (m.download_url === null || m.signature === null || m.checksum_sha256 === null);
        expect(r).toEqual(incomplete ? { ok: false, error: decode.UPDATE_MISSING_FIELDS_ERROR } : { ok: true, value: m });
      }),
      RUNS,
    );
  });
});

describe('f32 formatting', () => {
  it('always has a decimal point or exponent and parses back to the rounded value', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (x) => {
        const text = formatF32(x);
        expect(text).toMatch(/[.eE]/);
        expect(JSON.parse(text)).toBe(roundF32(x) === 0 ? 0 : roundF32(x));
      }),
      RUNS,
    );
  });

  it('never shows more than 3 decimals below 1e15', () => {
    fc.assert(
      fc.property(fc.double({ min: -1e15, max: 1e15, noNaN: true }), (x) => {
        const text = formatF32(x);
        if (!/e/.test(text)) expect(text.split('.')[1]!.length).toBeLessThanOrEqual(3);
      }),
      RUNS,
    );
  });
});
