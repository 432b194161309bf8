import { describe, expect, it } from 'vitest';
import {
  decodeCancelJob,
  decodePairingResponse,
  decodePreloadRecommendation,
  decodeRecommendationsResponse,
  decodeUpdateInfo,
  UPDATE_MISSING_FIELDS_ERROR,
  type Decoded,
} from '../../../src-shared/protocol/decode';

function value<T>(r: Decoded<T>): T {
  if (!r.ok) throw new Error(`expected success, got: ${r.error}`);
  return r.value;
}

function error<T>(r: Decoded<T>): string {
  if (r.ok) throw new Error(`expected failure, got ${JSON.stringify(r.value)}`);
  return r.error;
}

describe('decodeCancelJob (§3.9)', () => {
  it('parses the §13 example', () => {
    expect(value(decodeCancelJob('{"job_id":"job-to-cancel"}'))).toEqual({ job_id: 'job-to-cancel' });
  });

  it('ignores extra fields', () => {
    expect(value(decodeCancelJob('{"job_id":"j","reason":"user"}'))).toEqual({ job_id: 'j' });
  });

  it('fails without a string job_id', () => {
    expect(error(decodeCancelJob('{}'))).toBe('invalid CancelJob: field "job_id": missing (expected a string)');
    expect(error(decodeCancelJob('{"job_id":1}'))).toBe('invalid CancelJob: field "job_id": expected a string, got integer 1');
    expect(error(decodeCancelJob('cancel'))).toMatch(/^invalid CancelJob: not JSON/);
  });
});

describe('decodePreloadRecommendation (§3.11)', () => {
  it('parses the full example (§13: type → "preload")', () => {
    const r = value(
      decodePreloadRecommendation(
        '{"type":"preload","workload_slug":"llm-chat","model_url":"https://hf.co/model.gguf","model_hash":"sha256:abc","runtime_type":"llmcpp","estimated_earnings_per_job":"0.05","queued_demand":10,"demand_score":85,"priority":"high"}',
      ),
    );
    expect(r).toEqual({
      type: 'preload',
      workload_slug: 'llm-chat',
      model_url: 'https://hf.co/model.gguf',
      model_hash: 'sha256:abc',
      runtime_type: 'llmcpp',
      estimated_earnings_per_job: '0.05',
      queued_demand: 10,
      demand_score: 85,
      priority: 'high',
    });
  });

  it('parses the minimal example with the rest null', () => {
    const r = value(decodePreloadRecommendation('{"workload_slug":"image-gen","runtime_type":"diffusers"}'));
    expect(r.type).toBeNull();
    expect(r.model_url).toBeNull();
    expect(r.estimated_earnings_per_job).toBeNull();
    expect(r.workload_slug).toBe('image-gen');
    expect(r.runtime_type).toBe('diffusers');
  });

  it('requires workload_slug and runtime_type, null not allowed', () => {
    expect(error(decodePreloadRecommendation('{"runtime_type":"x"}'))).toMatch(/"workload_slug": missing/);
    expect(error(decodePreloadRecommendation('{"workload_slug":"s","runtime_type":null}'))).toMatch(
      /"runtime_type": expected a string, got null/,
    );
  });

  it('holds queued_demand and demand_score to u32', () => {
    expect(error(decodePreloadRecommendation('{"workload_slug":"s","runtime_type":"x","queued_demand":-1}'))).toMatch(
      /"queued_demand"/,
    );
    expect(error(decodePreloadRecommendation('{"workload_slug":"s","runtime_type":"x","demand_score":85.0}'))).toMatch(
      /"demand_score": expected an integer, got float 85.0/,
    );
  });
});

describe('decodeRecommendationsResponse (§2.3)', () => {
  it('parses the wrapper', () => {
    const r = value(
      decodeRecommendationsResponse(
        '{"recommendations":[{"workload_slug":"a","runtime_type":"llmcpp","queued_demand":3},{"workload_slug":"b","runtime_type":"onnx"}]}',
      ),
    );
    expect(r.recommendations.map((x) => x.workload_slug)).toEqual(['a', 'b']);
    expect(r.recommendations[0]?.queued_demand).toBe(3);
    expect(r.recommendations[1]?.queued_demand).toBeNull();
  });

  it('requires recommendations and fails whole on one bad entry, naming it', () => {
    expect(error(decodeRecommendationsResponse('{}'))).toBe(
      'invalid RecommendationsResponse: field "recommendations": missing (expected an array)',
    );
    expect(
      error(decodeRecommendationsResponse('{"recommendations":[{"workload_slug":"a","runtime_type":"x"},{"runtime_type":"x"}]}')),
    ).toBe('invalid RecommendationsResponse: field "recommendations[1].workload_slug": missing (expected a string)');
    expect(
      error(decodeRecommendationsResponse('{"recommendations":[{"workload_slug":"a","runtime_type":"x","queued_demand":1.0}]}')),
    ).toMatch(/"recommendations\[0\]\.queued_demand": expected an integer, got float 1.0/);
  });
});

describe('decodePairingResponse (§3.12)', () => {
  it('parses success (§13)', () => {
    expect(
      value(decodePairingResponse('{"success":true,"code":"ABC-123","expires_in_seconds":300,"pair_url":"https://archipelag.io/pair/ABC-123"}')),
    ).toEqual({ success: true, code: 'ABC-123', expires_in_seconds: 300, pair_url: 'https://archipelag.io/pair/ABC-123', error: null });
  });

  it('parses failure (§13)', () => {
    const r = value(decodePairingResponse('{"success":false,"error":"host not approved"}'));
    expect(r.success).toBe(false);
    expect(r.error).toBe('host not approved');
    expect(r.code).toBeNull();
  });

  it('requires success', () => {
    expect(error(decodePairingResponse('{"code":"x"}'))).toBe('invalid PairingResponse: field "success": missing (expected a boolean)');
    expect(error(decodePairingResponse('{"success":"true"}'))).toMatch(/"success": expected a boolean, got string/);
    expect(error(decodePairingResponse('{"success":true,"expires_in_seconds":-300}'))).toMatch(/"expires_in_seconds"/);
  });
});

describe('decodeUpdateInfo (§10.1)', () => {
  const full =
    '{"update_available":true,"current_version":"0.4.0","latest_version":"0.4.1","is_critical":false,' +
    `"download_url":"https://github.com/archipelag-io/node-agent/releases/download/v0.4.1/island-0.4.1-linux-x86_64","signature":"${'ab'.repeat(64)}","checksum_sha256":"${'cd'.repeat(32)}","size_bytes":31457280,"release_notes":"fixes"}`;

  it('parses the example', () => {
    const r = value(decodeUpdateInfo(full));
    expect(r.update_available).toBe(true);
    expect(r.latest_version).toBe('0.4.1');
    expect(r.size_bytes).toBe(31457280);
    expect(r.signature).toHaveLength(128);
  });

  it('accepts no update with nothing else, is_critical defaulting to false', () => {
    expect(value(decodeUpdateInfo('{"update_available":false,"current_version":"0.4.0"}'))).toEqual({
      update_available: false,
      current_version: '0.4.0',
      latest_version: null,
      is_critical: false,
      download_url: null,
      signature: null,
      checksum_sha256: null,
      size_bytes: null,
      release_notes: null,
    });
  });

  it.each(['download_url', 'signature', 'checksum_sha256'])('needs %s when an update is available', (field) => {
    const m = JSON.parse(full) as Record<string, unknown>;
    delete m[field];
    expect(error(decodeUpdateInfo(JSON.stringify(m)))).toBe('Missing required field: download_url, signature, or checksum_sha256');
    m[field] = null;
    expect(error(decodeUpdateInfo(JSON.stringify(m)))).toBe(UPDATE_MISSING_FIELDS_ERROR);
  });

  it('rejects a null is_critical and bad types', () => {
    expect(error(decodeUpdateInfo('{"update_available":false,"current_version":"0.4.0","is_critical":null}'))).toMatch(/"is_critical"/);
    expect(error(decodeUpdateInfo('{"update_available":false}'))).toMatch(/"current_version": missing/);
    expect(error(decodeUpdateInfo('{"update_available":false,"current_version":"1","size_bytes":"10"}'))).toMatch(/"size_bytes"/);
  });
});
