import { describe, expect, it } from 'vitest';
import { decodeAssignJob } from '../../../src-shared/protocol/decode';
import type { AssignJob } from '../../../src-shared/protocol/messages';

const enc = new TextEncoder();

function ok(text: string | Uint8Array): AssignJob {
  const r = decodeAssignJob(text);
  if (!r.ok) throw new Error(`expected success, got: ${r.error}`);
  return r.value;
}

function err(text: string | Uint8Array): { error: string; jobId: string | null } {
  const r = decodeAssignJob(text);
  if (r.ok) throw new Error(`expected failure, got ${JSON.stringify(r.value)}`);
  return { error: r.error, jobId: r.jobId };
}

const FULL =
  '{"job_id":"job-abc-123","workload_id":"42","input":{"prompt":"Hello"},"lease_expires":1710000000000,' +
  '"runtime_type":"container","container_image":"registry.example.com/llm-chat:latest","image_digest":"sha256:abcdef1234567890",' +
  '"wasm_url":null,"wasm_hash":null,"model_url":null,"model_hash":null,"model_context_size":null,"model_temperature":null,' +
  '"onnx_model_url":null,"onnx_model_hash":null,"onnx_task_type":null,"sandbox_tier":"standard"}';

describe('decodeAssignJob: §3.4 examples and §13 nats assertions', () => {
  it('parses the full example', () => {
    const job = ok(FULL);
    expect(job.job_id).toBe('job-abc-123');
    expect(job.workload_id).toBe('42');
    expect(job.input).toEqual({ prompt: 'Hello' });
    expect(job.runtime_type).toBe('container');
    expect(job.container_image).toBe('registry.example.com/llm-chat:latest');
    expect(job.image_digest).toBe('sha256:abcdef1234567890');
    expect(job.sandbox_tier).toBe('standard');
    expect(job.lease_expires).toBe(1710000000000);
  });

  it('parses the same bytes as the same text', () => {
    expect(ok(enc.encode(FULL))).toEqual(ok(FULL));
  });

  it('keeps a string workload_id', () => {
    expect(ok('{"job_id":"j1","workload_id":"my-workload","input":{},"lease_expires":0}').workload_id).toBe('my-workload');
  });

  it('turns an integer workload_id into its decimal string', () => {
    expect(ok('{"job_id":"j1","workload_id":99,"input":{},"lease_expires":0}').workload_id).toBe('99');
    expect(ok('{"job_id":"j1","workload_id":-7,"input":{},"lease_expires":0}').workload_id).toBe('-7');
  });

  it('keeps the exact digits of a u64 workload_id beyond 2^53', () => {
    expect(ok('{"job_id":"j1","workload_id":18446744073709551615,"input":{},"lease_expires":0}').workload_id).toBe(
      '18446744073709551615',
    );
    expect(ok('{"job_id":"j1","workload_id":-9223372036854775808,"input":{},"lease_expires":0}').workload_id).toBe(
      '-9223372036854775808',
    );
  });

  it('reads a null or absent workload_id as null', () => {
    expect(ok('{"job_id":"j1","workload_id":null,"input":{},"lease_expires":0}').workload_id).toBeNull();
    expect(ok('{"job_id":"j1","input":{},"lease_expires":0}').workload_id).toBeNull();
  });

  it('sets every optional field of a minimal job to its default', () => {
    expect(ok('{"job_id":"j1","input":{},"lease_expires":0}')).toEqual({
      job_id: 'j1',
      workload_id: null,
      input: {},
      lease_expires: 0,
      runtime_type: 'container',
      container_image: null,
      image_digest: null,
      wasm_url: null,
      wasm_hash: null,
      model_url: null,
      model_hash: null,
      model_context_size: null,
      model_temperature: null,
      onnx_model_url: null,
      onnx_model_hash: null,
      onnx_task_type: null,
      sandbox_tier: null,
      pipeline_config: null,
      expert_config: null,
      speculative_config: null,
      training_config: null,
    } satisfies AssignJob);
  });

  it('parses a wasm job', () => {
    const job = ok(
      '{"job_id":"j1","input":{},"lease_expires":0,"runtime_type":"wasm","wasm_url":"https://example.com/module.wasm","wasm_hash":"sha256:abc"}',
    );
    expect(job.runtime_type).toBe('wasm');
    expect(job.wasm_url).toBe('https://example.com/module.wasm');
    expect(job.wasm_hash).toBe('sha256:abc');
  });

  it('parses an onnx job', () => {
    const job = ok(
      '{"job_id":"j1","input":{},"lease_expires":0,"runtime_type":"onnx","onnx_model_url":"https://example.com/model.onnx","onnx_task_type":"text-classification"}',
    );
    expect(job.runtime_type).toBe('onnx');
    expect(job.onnx_model_url).toBe('https://example.com/model.onnx');
    expect(job.onnx_task_type).toBe('text-classification');
  });

  it('parses an llmcpp job', () => {
    const job = ok(
      '{"job_id":"j1","input":{},"lease_expires":0,"runtime_type":"llmcpp","model_url":"https://hf.co/model.gguf","model_hash":"sha256:xyz","model_context_size":2048,"model_temperature":0.7}',
    );
    expect(job.model_url).toBe('https://hf.co/model.gguf');
    expect(job.model_hash).toBe('sha256:xyz');
    expect(job.model_context_size).toBe(2048);
    expect(job.model_temperature).toBe(0.7);
  });

  it('parses a diffusers job', () => {
    expect(ok('{"job_id":"j1","input":{},"lease_expires":0,"runtime_type":"diffusers"}').runtime_type).toBe('diffusers');
  });

  it('rejects text that is not JSON', () => {
    const r = err('not valid json');
    expect(r.error).toMatch(/^invalid AssignJob: not JSON \(/);
    expect(r.jobId).toBeNull();
  });

  it('rejects a job without job_id', () => {
    const r = err('{"input":{},"lease_expires":0}');
    expect(r.error).toBe('invalid AssignJob: field "job_id": missing (expected a string)');
    expect(r.jobId).toBeNull();
  });
});

describe('decodeAssignJob: serde rules', () => {
  const job = (extra: string) => `{"job_id":"j9",${extra}}`;

  it('requires the input key but allows null', () => {
    expect(ok(job('"input":null,"lease_expires":0')).input).toBeNull();
    expect(err(job('"lease_expires":0')).error).toBe('invalid AssignJob: field "input": missing (required; null is allowed)');
  });

  it('passes input through untouched, whatever its shape', () => {
    const input = { a: [1, 2.5, { b: null }], c: 'x', d: true, e: 1.0 };
    expect(ok(job(`"input":${JSON.stringify(input)},"lease_expires":0`)).input).toEqual(input);
    expect(ok(job('"input":"plain","lease_expires":0')).input).toBe('plain');
    expect(ok(job('"input":{"t":1.0},"lease_expires":0')).input).toEqual({ t: 1 });
  });

  it('requires lease_expires as an integer, negative allowed', () => {
    expect(ok(job('"input":{},"lease_expires":-5')).lease_expires).toBe(-5);
    expect(err(job('"input":{}')).error).toBe('invalid AssignJob: field "lease_expires": missing (expected an integer (i64))');
    expect(err(job('"input":{},"lease_expires":"1710000000000"')).error).toBe(
      'invalid AssignJob: field "lease_expires": expected an integer (i64), got string',
    );
    expect(err(job('"input":{},"lease_expires":1.5')).error).toBe(
      'invalid AssignJob: field "lease_expires": expected an integer (i64), got float 1.5',
    );
    expect(err(job('"input":{},"lease_expires":null')).error).toMatch(/"lease_expires".*got null/);
  });

  it('rejects integral numbers written as floats in integer fields, as serde does', () => {
    expect(err(job('"input":{},"lease_expires":1.0')).error).toBe(
      'invalid AssignJob: field "lease_expires": expected an integer, got float 1.0',
    );
    expect(err(job('"input":{},"lease_expires":1e3')).error).toMatch(/got float 1e3/);
    expect(err(job('"input":{},"lease_expires":-0')).error).toMatch(/got float -0/);
    expect(err(job('"input":{},"lease_expires":0,"model_context_size":2048.0')).error).toMatch(
      /"model_context_size": expected an integer, got float 2048.0/,
    );
  });

  it('rejects lease_expires beyond what a double holds exactly', () => {
    expect(err(job('"input":{},"lease_expires":9223372036854775807')).error).toMatch(/"lease_expires".*beyond ±2\^53/);
  });

  it('rejects a float, boolean, object or array workload_id', () => {
    expect(err(job('"workload_id":1.5,"input":{},"lease_expires":0')).error).toBe(
      'invalid AssignJob: field "workload_id": expected a string or an integer, got float 1.5',
    );
    expect(err(job('"workload_id":99.0,"input":{},"lease_expires":0')).error).toMatch(/"workload_id".*got float 99.0/);
    expect(err(job('"workload_id":true,"input":{},"lease_expires":0')).error).toMatch(/"workload_id".*got boolean/);
    expect(err(job('"workload_id":{},"input":{},"lease_expires":0')).error).toMatch(/"workload_id".*got object/);
    expect(err(job('"workload_id":[1],"input":{},"lease_expires":0')).error).toMatch(/"workload_id".*got array/);
    expect(err(job('"workload_id":18446744073709551616,"input":{},"lease_expires":0')).error).toMatch(
      /"workload_id".*outside/,
    );
  });

  it('defaults an absent runtime_type to container but rejects null', () => {
    expect(ok(job('"input":{},"lease_expires":0')).runtime_type).toBe('container');
    expect(ok(job('"input":{},"lease_expires":0,"runtime_type":"mystery"')).runtime_type).toBe('mystery');
    expect(err(job('"input":{},"lease_expires":0,"runtime_type":null')).error).toBe(
      'invalid AssignJob: field "runtime_type": expected a string, got null',
    );
  });

  it('holds model_context_size to u32', () => {
    expect(ok(job('"input":{},"lease_expires":0,"model_context_size":4294967295')).model_context_size).toBe(4294967295);
    for (const bad of ['"2048"', '2048.5', '-1', '4294967296']) {
      expect(err(job(`"input":{},"lease_expires":0,"model_context_size":${bad}`)).error).toMatch(
        /"model_context_size": expected a non-negative integer \(u32\) or null/,
      );
    }
  });

  it('accepts any number or null for model_temperature', () => {
    expect(ok(job('"input":{},"lease_expires":0,"model_temperature":1')).model_temperature).toBe(1);
    expect(ok(job('"input":{},"lease_expires":0,"model_temperature":null')).model_temperature).toBeNull();
    expect(err(job('"input":{},"lease_expires":0,"model_temperature":"0.7"')).error).toMatch(/"model_temperature"/);
  });

  it('accepts null for optional strings and rejects other types', () => {
    expect(ok(job('"input":{},"lease_expires":0,"sandbox_tier":null')).sandbox_tier).toBeNull();
    expect(err(job('"input":{},"lease_expires":0,"container_image":5')).error).toBe(
      'invalid AssignJob: field "container_image": expected a string or null, got integer 5',
    );
  });

  it('keeps the *_config fields as opaque JSON', () => {
    const j = ok(
      job('"input":{},"lease_expires":0,"pipeline_config":{"layers":[0,16]},"expert_config":[1],"speculative_config":"x","training_config":null'),
    );
    expect(j.pipeline_config).toEqual({ layers: [0, 16] });
    expect(j.expert_config).toEqual([1]);
    expect(j.speculative_config).toBe('x');
    expect(j.training_config).toBeNull();
  });

  it('ignores unknown fields', () => {
    const j = ok(job('"input":{},"lease_expires":0,"priority":"high","nested":{"x":1}'));
    expect(j).not.toHaveProperty('priority');
    expect(j.job_id).toBe('j9');
  });

  it('rejects non-objects', () => {
    expect(err('[]').error).toBe('invalid AssignJob: expected an object, got array');
    expect(err('null').error).toBe('invalid AssignJob: expected an object, got null');
    expect(err('"j"').error).toBe('invalid AssignJob: expected an object, got string');
  });

  it('rejects bytes that are not UTF-8, and a byte-order mark', () => {
    expect(err(new Uint8Array([0x7b, 0xff, 0x7d])).error).toBe('invalid AssignJob: not UTF-8');
    expect(err(enc.encode('\ufeff{"job_id":"j","input":{},"lease_expires":0}')).error).toMatch(/not JSON/);
  });

  it('reports every problem in one message', () => {
    const { error } = err('{"job_id":"j","lease_expires":"x","runtime_type":null}');
    expect(error).toContain('field "input"');
    expect(error).toContain('field "lease_expires"');
    expect(error).toContain('field "runtime_type"');
  });
});

describe('decodeAssignJob: jobId of a rejected job', () => {
  it('is the job_id of parsed JSON even when other fields fail', () => {
    expect(err('{"job_id":"job-7","input":{},"lease_expires":"soon"}').jobId).toBe('job-7');
    expect(err('{"job_id":"job-7","workload_id":1.5,"input":{},"lease_expires":0}').jobId).toBe('job-7');
  });

  it('is null for an empty or non-string job_id', () => {
    expect(err('{"job_id":"","lease_expires":"x"}').jobId).toBeNull();
    expect(err('{"job_id":42,"input":{},"lease_expires":0}').jobId).toBeNull();
    expect(err('[{"job_id":"j"}]').jobId).toBeNull();
  });

  it('is salvaged from text that does not parse', () => {
    expect(err('{"job_id": "job-9", "input": {').jobId).toBe('job-9');
    expect(err(enc.encode('{"job_id":"job-9","x":"\u00e9')).jobId).toBe('job-9');
    expect(err(new Uint8Array([...enc.encode('{"job_id":"job-8",'), 0xff])).jobId).toBe('job-8');
  });

  it('salvages conservatively: no escapes, at most 200 characters', () => {
    expect(err('{"job_id":"a\\"b", garbage').jobId).toBeNull();
    expect(err(`{"job_id":"${'x'.repeat(201)}", garbage`).jobId).toBeNull();
    expect(err(`{"job_id":"${'x'.repeat(200)}", garbage`).jobId).toBe('x'.repeat(200));
    expect(err('{"job_id":"", garbage').jobId).toBeNull();
  });
});
