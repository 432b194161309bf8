import { describe, expect, it } from 'vitest';
import {
  decodeHeartbeat,
  decodeJobImageOutput,
  decodeJobOutput,
  decodeJobProgress,
  decodeJobStatus,
  decodeLeaseRenewal,
  decodePairingRequest,
  decodeRegisterHost,
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

const FULL =
  '{"host_id":"h1","status":"online","active_jobs":1,"timestamp":100,"agent_version":"0.2.0",' +
  '"system":{"cpu_percent":45.5,"memory_used_mb":8192,"memory_total_mb":32768,"disk_used_gb":100,"disk_total_gb":500},' +
  '"gpus":[{"index":0,"utilization_percent":80,"memory_used_mb":12000,"memory_total_mb":24576,"temperature_c":72,"power_draw_w":280.5}],' +
  '"active_job_metrics":[{"job_id":"j1","job_type":"llm-chat","duration_ms":5000,"tokens_generated":150,"memory_mb":4096,"gpu_memory_mb":8000}],' +
  '"cache":{"cached_image_count":3,"cached_size_mb":15000,"warm_workload_count":2,"warm_workload_ids":["w1","w2"]},' +
  '"performance_estimates":{"gpu_bandwidth_gb_s":1008.0,"estimated_llm_tok_s":45.0,"max_concurrent_containers":4,"wasm_memory_limit_mb":256,"supported_runtimes":["container","wasm"],"nats_rtt_ms":12.5,"public_addr":"1.2.3.4:5678"},' +
  '"asking_prices":{"llm-chat":"2.0","_default":"1.0"}}';

const SHIPPED =
  '{"host_id":"550e8400-e29b-41d4-a716-446655440000","status":"online","active_jobs":0,"timestamp":1710000000000,"agent_version":"0.4.0",' +
  '"system":{"cpu_percent":0.0,"memory_used_mb":5120,"memory_total_mb":16384,"disk_used_gb":120,"disk_total_gb":500},' +
  '"cache":{"cached_image_count":0,"cached_size_mb":0,"warm_workload_count":0,"warm_workload_ids":[]},' +
  '"performance_estimates":{"gpu_bandwidth_gb_s":null,"estimated_llm_tok_s":null,"max_concurrent_containers":4,"wasm_memory_limit_mb":12288,"supported_runtimes":["container","wasm","diffusers"],"nats_rtt_ms":0.8}}';

/** FULL with one JSON fragment replaced. */
const edit = (from: string, to: string): string => {
  expect(FULL).toContain(from);
  return FULL.replace(from, to);
};

describe('decodeHeartbeat accepts what the Rust Island sends (§3.3)', () => {
  it('the full example', () => {
    const hb = value(decodeHeartbeat(FULL));
    expect(hb.system?.cpu_percent).toBe(45.5);
    expect(hb.gpus?.[0]?.power_draw_w).toBe(280.5);
    expect(hb.performance_estimates?.gpu_bandwidth_gb_s).toBe(1008);
    expect(hb.asking_prices).toEqual({ 'llm-chat': '2.0', _default: '1.0' });
  });

  it('the shipped no-GPU example and the minimal one', () => {
    expect(value(decodeHeartbeat(SHIPPED)).performance_estimates?.supported_runtimes).toEqual(['container', 'wasm', 'diffusers']);
    expect(value(decodeHeartbeat('{"host_id":"h1","status":"online","active_jobs":0,"timestamp":100,"agent_version":"0.1.0"}'))).toEqual({
      host_id: 'h1',
      status: 'online',
      active_jobs: 0,
      timestamp: 100,
      agent_version: '0.1.0',
    });
  });

  it('bytes as well as text', () => {
    expect(value(decodeHeartbeat(new TextEncoder().encode(SHIPPED))).host_id).toBe('550e8400-e29b-41d4-a716-446655440000');
  });
});

describe('decodeHeartbeat rejects what the Rust Island never sends', () => {
  it('an f32 written without a decimal point', () => {
    expect(error(decodeHeartbeat(SHIPPED.replace('"cpu_percent":0.0', '"cpu_percent":0')))).toBe(
      'invalid EnhancedHeartbeat: field "system.cpu_percent" must be written as a float (got 0)',
    );
    expect(error(decodeHeartbeat(edit('"power_draw_w":280.5', '"power_draw_w":280')))).toContain(
      'field "gpus[0].power_draw_w" must be written as a float (got 280)',
    );
    expect(error(decodeHeartbeat(edit('"gpu_bandwidth_gb_s":1008.0', '"gpu_bandwidth_gb_s":1008')))).toContain(
      'field "performance_estimates.gpu_bandwidth_gb_s" must be written as a float (got 1008)',
    );
    expect(error(decodeHeartbeat(edit('"estimated_llm_tok_s":45.0', '"estimated_llm_tok_s":45')))).toContain(
      '"performance_estimates.estimated_llm_tok_s"',
    );
    expect(error(decodeHeartbeat(edit('"nats_rtt_ms":12.5', '"nats_rtt_ms":12')))).toContain('"performance_estimates.nats_rtt_ms"');
  });

  it('an f32 in exponent form is a float', () => {
    expect(value(decodeHeartbeat(edit('"cpu_percent":45.5', '"cpu_percent":1e1'))).system?.cpu_percent).toBe(10);
  });

  it('an integer written as a float', () => {
    expect(error(decodeHeartbeat(edit('"active_jobs":1', '"active_jobs":1.0')))).toBe(
      'invalid EnhancedHeartbeat: field "active_jobs": expected an integer, got float 1.0',
    );
    expect(error(decodeHeartbeat(edit('"temperature_c":72', '"temperature_c":72.5')))).toContain(
      'field "gpus[0].temperature_c": expected a non-negative integer (u32), got float 72.5',
    );
  });

  it('null where the key must be left out', () => {
    for (const key of ['system', 'gpus', 'cache', 'performance_estimates', 'asking_prices', 'active_job_metrics']) {
      expect(error(decodeHeartbeat(`{"host_id":"h","status":"online","active_jobs":0,"timestamp":1,"agent_version":"v","${key}":null}`))).toBe(
        `invalid EnhancedHeartbeat: field "${key}": must be left out when absent, not null`,
      );
    }
    expect(error(decodeHeartbeat(edit('"nats_rtt_ms":12.5', '"nats_rtt_ms":null')))).toContain(
      'field "performance_estimates.nats_rtt_ms": must be left out',
    );
    expect(error(decodeHeartbeat(edit('"public_addr":"1.2.3.4:5678"', '"public_addr":null')))).toContain('public_addr');
    expect(error(decodeHeartbeat(edit('"tokens_generated":150', '"tokens_generated":null')))).toContain('tokens_generated');
  });

  it('a missing always-present key', () => {
    expect(error(decodeHeartbeat(edit('"disk_total_gb":500', '"disk_totl_gb":500')))).toContain(
      'field "system.disk_total_gb": missing (expected a non-negative integer (u64))',
    );
    expect(error(decodeHeartbeat(edit('"warm_workload_ids":["w1","w2"]', '"x":[]')))).toContain('field "cache.warm_workload_ids": missing');
    expect(error(decodeHeartbeat(edit('"gpu_bandwidth_gb_s":1008.0,', '')))).toContain(
      'field "performance_estimates.gpu_bandwidth_gb_s": missing (expected a number (f32) or null)',
    );
    expect(error(decodeHeartbeat(edit('"max_concurrent_containers":4,', '')))).toContain('"performance_estimates.max_concurrent_containers": missing');
    expect(error(decodeHeartbeat(edit(',"supported_runtimes":["container","wasm"]', '')))).toContain('"performance_estimates.supported_runtimes": missing');
    expect(error(decodeHeartbeat(edit('"agent_version":"0.2.0",', '')))).toContain('"agent_version": missing');
  });

  it('unknown keys, statuses and runtimes', () => {
    expect(error(decodeHeartbeat(edit('"status":"online"', '"status":"online","name":"my rig"')))).toBe(
      'invalid EnhancedHeartbeat: unexpected key "name"',
    );
    expect(error(decodeHeartbeat(edit('"status":"online"', '"status":"offline"')))).toContain(
      'field "status": expected one of "online", got string "offline"',
    );
    expect(error(decodeHeartbeat(edit('["container","wasm"]', '["container","docker"]')))).toContain(
      'field "performance_estimates.supported_runtimes[1]"',
    );
  });

  it('keeps an asking price keyed "__proto__" instead of losing it', () => {
    const hb = value(decodeHeartbeat(edit('"_default":"1.0"', '"__proto__":"3.0"')));
    expect(Object.entries(hb.asking_prices ?? {})).toEqual([
      ['llm-chat', '2.0'],
      ['__proto__', '3.0'],
    ]);
  });

  it('an unknown "__proto__" key', () => {
    expect(error(decodeHeartbeat(edit('"status":"online"', '"status":"online","__proto__":{}')))).toContain(
      'unexpected key "__proto__"',
    );
  });

  it('non-string asking prices', () => {
    expect(error(decodeHeartbeat(edit('"_default":"1.0"', '"_default":1.0')))).toContain(
      'field "asking_prices._default": expected a string (a price), got integer 1',
    );
  });
});

describe('decodeRegisterHost (§3.2)', () => {
  const example =
    '{"host_id":"host-1","capabilities":{"gpu_model":"RTX 4090","gpu_vram_mb":24576,"cpu_cores":16,"ram_mb":65536,"region":"us-east"},"version":"0.1.0"}';

  it('accepts the example', () => {
    expect(value(decodeRegisterHost(example)).capabilities.gpu_vram_mb).toBe(24576);
  });

  it('needs every capabilities key, null allowed', () => {
    expect(value(decodeRegisterHost(example.replace('"RTX 4090"', 'null').replace('24576', 'null'))).capabilities.gpu_model).toBeNull();
    expect(error(decodeRegisterHost(example.replace(',"region":"us-east"', '')))).toBe(
      'invalid RegisterHost: field "capabilities.region": missing (expected a string or null)',
    );
    expect(error(decodeRegisterHost(example.replace('"cpu_cores":16', '"cpu_cores":null')))).toContain('"capabilities.cpu_cores"');
    expect(error(decodeRegisterHost(example.replace('"ram_mb":65536', '"ram_mb":65536.0')))).toContain(
      '"capabilities.ram_mb": expected an integer, got float 65536.0',
    );
    expect(error(decodeRegisterHost(example.replace('"region":"us-east"', '"region":"us-east","name":"rig"')))).toContain(
      'unexpected key "name"',
    );
  });
});

describe('decodeJobStatus (§3.5)', () => {
  it('accepts the five states, with and without an error', () => {
    for (const state of ['started', 'streaming', 'succeeded', 'failed', 'cancelled']) {
      expect(value(decodeJobStatus(`{"job_id":"j1","state":"${state}","timestamp":100}`)).state).toBe(state);
    }
    expect(value(decodeJobStatus('{"job_id":"j1","state":"failed","error":"OOM killed","timestamp":100}')).error).toBe('OOM killed');
  });

  it.each(['completed', 'running'])('rejects %s', (state) => {
    expect(error(decodeJobStatus(`{"job_id":"j1","state":"${state}","timestamp":100}`))).toBe(
      `invalid JobStatus: field "state": expected one of "started", "streaming", "succeeded", "failed", "cancelled", got string "${state}"`,
    );
  });

  it('rejects a null error, a float timestamp and a missing timestamp', () => {
    expect(error(decodeJobStatus('{"job_id":"j1","state":"failed","error":null,"timestamp":100}'))).toContain(
      'field "error": must be left out when absent, not null',
    );
    expect(error(decodeJobStatus('{"job_id":"j1","state":"failed","timestamp":100.0}'))).toContain('"timestamp"');
    expect(error(decodeJobStatus('{"job_id":"j1","state":"failed"}'))).toContain('"timestamp": missing');
  });
});

describe('the other Island → coordinator messages', () => {
  it('JobOutput', () => {
    expect(value(decodeJobOutput('{"job_id":"j1","seq":42,"chunk":"Hello world","is_final":false}'))).toEqual({
      job_id: 'j1',
      seq: 42,
      chunk: 'Hello world',
      is_final: false,
    });
    expect(error(decodeJobOutput('{"job_id":"j1","seq":-1,"chunk":"","is_final":false}'))).toContain('"seq"');
    expect(error(decodeJobOutput('{"job_id":"j1","seq":1,"chunk":"","is_final":0}'))).toContain('"is_final": expected a boolean');
  });

  it('JobProgress', () => {
    expect(value(decodeJobProgress('{"job_id":"j1","step":5,"total":20}'))).toEqual({ job_id: 'j1', step: 5, total: 20 });
    expect(error(decodeJobProgress('{"job_id":"j1","step":5.0,"total":20}'))).toContain('"step"');
  });

  it('JobImageOutput, seed omitted but never null', () => {
    const base = '"job_id":"j1","image_data":"iVBORw0KGgo...","format":"png","width":512,"height":512';
    expect(value(decodeJobImageOutput(`{${base},"seed":42}`)).seed).toBe(42);
    expect(value(decodeJobImageOutput(`{${base}}`))).not.toHaveProperty('seed');
    expect(error(decodeJobImageOutput(`{${base},"seed":null}`))).toContain('"seed": must be left out');
  });

  it('LeaseRenewal and PairingRequest', () => {
    expect(value(decodeLeaseRenewal('{"job_id":"j1","extend_seconds":60}')).extend_seconds).toBe(60);
    expect(error(decodeLeaseRenewal('{"job_id":"j1"}'))).toContain('"extend_seconds": missing');
    expect(value(decodePairingRequest('{"host_id":"host-abc"}'))).toEqual({ host_id: 'host-abc' });
    expect(error(decodePairingRequest('{"host_id":"h","x":1}'))).toBe('invalid PairingRequest: unexpected key "x"');
  });
});
