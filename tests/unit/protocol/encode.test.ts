import { describe, expect, it } from 'vitest';
import {
  encodeHeartbeat,
  encodeJobImageOutput,
  encodeJobOutput,
  encodeJobProgress,
  encodeJobStatus,
  encodeLeaseRenewal,
  encodePairingRequest,
  encodeRegisterHost,
} from '../../../src-shared/protocol/encode';
import type { EnhancedHeartbeat, JobState } from '../../../src-shared/protocol/messages';

/** Reference JSON as printed across lines in island-protocol.md, with the line breaks removed. */
const ref = (...lines: string[]): string => lines.map((l) => l.trim()).join('');

const FULL_HEARTBEAT: EnhancedHeartbeat = {
  host_id: 'h1',
  status: 'online',
  active_jobs: 1,
  timestamp: 100,
  agent_version: '0.2.0',
  system: { cpu_percent: 45.5, memory_used_mb: 8192, memory_total_mb: 32768, disk_used_gb: 100, disk_total_gb: 500 },
  gpus: [
    { index: 0, utilization_percent: 80, memory_used_mb: 12000, memory_total_mb: 24576, temperature_c: 72, power_draw_w: 280.5 },
  ],
  active_job_metrics: [
    { job_id: 'j1', job_type: 'llm-chat', duration_ms: 5000, tokens_generated: 150, memory_mb: 4096, gpu_memory_mb: 8000 },
  ],
  cache: { cached_image_count: 3, cached_size_mb: 15000, warm_workload_count: 2, warm_workload_ids: ['w1', 'w2'] },
  performance_estimates: {
    gpu_bandwidth_gb_s: 1008,
    estimated_llm_tok_s: 45,
    max_concurrent_containers: 4,
    wasm_memory_limit_mb: 256,
    supported_runtimes: ['container', 'wasm'],
    nats_rtt_ms: 12.5,
    public_addr: '1.2.3.4:5678',
  },
  asking_prices: { 'llm-chat': '2.0', _default: '1.0' },
};

describe('encodeRegisterHost (§3.2)', () => {
  it('writes the unit-test example byte for byte', () => {
    const json = encodeRegisterHost({
      host_id: 'host-1',
      capabilities: { gpu_model: 'RTX 4090', gpu_vram_mb: 24576, cpu_cores: 16, ram_mb: 65536, region: 'us-east' },
      version: '0.1.0',
    });
    expect(json).toBe(
      '{"host_id":"host-1","capabilities":{"gpu_model":"RTX 4090","gpu_vram_mb":24576,"cpu_cores":16,"ram_mb":65536,"region":"us-east"},"version":"0.1.0"}',
    );
  });

  it('writes missing capabilities as null, never leaving keys out', () => {
    const json = encodeRegisterHost({
      host_id: 'h',
      capabilities: { gpu_model: null, gpu_vram_mb: null, cpu_cores: 8, ram_mb: 16384, region: null },
      version: '0.5.0',
    });
    expect(json).toBe(
      '{"host_id":"h","capabilities":{"gpu_model":null,"gpu_vram_mb":null,"cpu_cores":8,"ram_mb":16384,"region":null},"version":"0.5.0"}',
    );
  });

  it('refuses a non-integer or negative u32', () => {
    const base = { host_id: 'h', version: '1', capabilities: { gpu_model: null, gpu_vram_mb: null, cpu_cores: 8, ram_mb: 1, region: null } };
    expect(() => encodeRegisterHost({ ...base, capabilities: { ...base.capabilities, cpu_cores: 7.5 } })).toThrow(
      'encodeRegisterHost: field "capabilities.cpu_cores" must be a non-negative integer (u32), got float 7.5',
    );
    expect(() => encodeRegisterHost({ ...base, capabilities: { ...base.capabilities, ram_mb: -1 } })).toThrow(/ram_mb.*integer -1/);
    expect(() => encodeRegisterHost({ ...base, capabilities: { ...base.capabilities, gpu_vram_mb: 2 ** 32 } })).toThrow(/gpu_vram_mb/);
  });
});

describe('encodeHeartbeat (§3.3)', () => {
  it('writes the full unit-test example byte for byte', () => {
    expect(encodeHeartbeat(FULL_HEARTBEAT)).toBe(
      ref(
        '{"host_id":"h1","status":"online","active_jobs":1,"timestamp":100,"agent_version":"0.2.0",',
        ' "system":{"cpu_percent":45.5,"memory_used_mb":8192,"memory_total_mb":32768,"disk_used_gb":100,"disk_total_gb":500},',
        ' "gpus":[{"index":0,"utilization_percent":80,"memory_used_mb":12000,"memory_total_mb":24576,"temperature_c":72,"power_draw_w":280.5}],',
        ' "active_job_metrics":[{"job_id":"j1","job_type":"llm-chat","duration_ms":5000,"tokens_generated":150,"memory_mb":4096,"gpu_memory_mb":8000}],',
        ' "cache":{"cached_image_count":3,"cached_size_mb":15000,"warm_workload_count":2,"warm_workload_ids":["w1","w2"]},',
        ' "performance_estimates":{"gpu_bandwidth_gb_s":1008.0,"estimated_llm_tok_s":45.0,"max_concurrent_containers":4,"wasm_memory_limit_mb":256,"supported_runtimes":["container","wasm"],"nats_rtt_ms":12.5,"public_addr":"1.2.3.4:5678"},',
        ' "asking_prices":{"llm-chat":"2.0","_default":"1.0"}}',
      ),
    );
  });

  it('writes the minimal example byte for byte, with the optional sections absent', () => {
    const json = encodeHeartbeat({ host_id: 'h1', status: 'online', active_jobs: 0, timestamp: 100, agent_version: '0.1.0' });
    expect(json).toBe('{"host_id":"h1","status":"online","active_jobs":0,"timestamp":100,"agent_version":"0.1.0"}');
    const parsed = JSON.parse(json) as Record<string, unknown>;
    for (const key of ['system', 'gpus', 'cache', 'performance_estimates', 'active_job_metrics', 'asking_prices']) {
      expect(parsed).not.toHaveProperty(key);
    }
  });

  it('writes what a shipped Island with no GPU sends byte for byte', () => {
    const json = encodeHeartbeat({
      host_id: '550e8400-e29b-41d4-a716-446655440000',
      status: 'online',
      active_jobs: 0,
      timestamp: 1710000000000,
      agent_version: '0.4.0',
      system: { cpu_percent: 0, memory_used_mb: 5120, memory_total_mb: 16384, disk_used_gb: 120, disk_total_gb: 500 },
      cache: { cached_image_count: 0, cached_size_mb: 0, warm_workload_count: 0, warm_workload_ids: [] },
      performance_estimates: {
        gpu_bandwidth_gb_s: null,
        estimated_llm_tok_s: null,
        max_concurrent_containers: 4,
        wasm_memory_limit_mb: 12288,
        supported_runtimes: ['container', 'wasm', 'diffusers'],
        nats_rtt_ms: 0.8,
      },
    });
    expect(json).toBe(
      ref(
        '{"host_id":"550e8400-e29b-41d4-a716-446655440000","status":"online","active_jobs":0,"timestamp":1710000000000,"agent_version":"0.4.0",',
        ' "system":{"cpu_percent":0.0,"memory_used_mb":5120,"memory_total_mb":16384,"disk_used_gb":120,"disk_total_gb":500},',
        ' "cache":{"cached_image_count":0,"cached_size_mb":0,"warm_workload_count":0,"warm_workload_ids":[]},',
        ' "performance_estimates":{"gpu_bandwidth_gb_s":null,"estimated_llm_tok_s":null,"max_concurrent_containers":4,"wasm_memory_limit_mb":12288,"supported_runtimes":["container","wasm","diffusers"],"nats_rtt_ms":0.8}}',
      ),
    );
  });

  it('carries the §13 full-heartbeat values', () => {
    const parsed = JSON.parse(encodeHeartbeat(FULL_HEARTBEAT));
    expect(parsed.system.cpu_percent).toBe(45.5);
    expect(parsed.gpus[0].utilization_percent).toBe(80);
    expect(parsed.active_job_metrics[0].tokens_generated).toBe(150);
    expect(parsed.cache.warm_workload_count).toBe(2);
    expect(parsed.performance_estimates.nats_rtt_ms).toBe(12.5);
    expect(parsed.asking_prices).toEqual({ 'llm-chat': '2.0', _default: '1.0' });
  });

  it('writes every f32 with a decimal point, rounded to 3 decimals', () => {
    const json = encodeHeartbeat({
      ...FULL_HEARTBEAT,
      system: { ...FULL_HEARTBEAT.system!, cpu_percent: 12.345678901 },
      gpus: [{ ...FULL_HEARTBEAT.gpus![0]!, power_draw_w: 12 }],
      performance_estimates: { ...FULL_HEARTBEAT.performance_estimates!, gpu_bandwidth_gb_s: 760.3, estimated_llm_tok_s: 93, nats_rtt_ms: 0 },
    });
    expect(json).toContain('"cpu_percent":12.346,');
    expect(json).toContain('"power_draw_w":12.0}');
    expect(json).toContain('"gpu_bandwidth_gb_s":760.3,');
    expect(json).toContain('"estimated_llm_tok_s":93.0,');
    expect(json).toContain('"nats_rtt_ms":0.0,');
  });

  it('leaves out optional keys that are undefined or null, and per-job optional metrics', () => {
    const json = encodeHeartbeat({
      host_id: 'h1',
      status: 'online',
      active_jobs: 0,
      timestamp: 1,
      agent_version: '0.5.0',
      gpus: undefined,
      active_job_metrics: [{ job_id: 'j', job_type: 't', duration_ms: 3 }],
      performance_estimates: {
        gpu_bandwidth_gb_s: null,
        estimated_llm_tok_s: null,
        max_concurrent_containers: null,
        wasm_memory_limit_mb: null,
        supported_runtimes: [],
      },
    });
    expect(json).toBe(
      '{"host_id":"h1","status":"online","active_jobs":0,"timestamp":1,"agent_version":"0.5.0",' +
        '"active_job_metrics":[{"job_id":"j","job_type":"t","duration_ms":3}],' +
        '"performance_estimates":{"gpu_bandwidth_gb_s":null,"estimated_llm_tok_s":null,"max_concurrent_containers":null,"wasm_memory_limit_mb":null,"supported_runtimes":[]}}',
    );
  });

  it('names the field of a bad value, down to the array index', () => {
    expect(() => encodeHeartbeat({ ...FULL_HEARTBEAT, active_jobs: 1.5 })).toThrow(
      'encodeHeartbeat: field "active_jobs" must be a non-negative integer (u32), got float 1.5',
    );
    expect(() => encodeHeartbeat({ ...FULL_HEARTBEAT, gpus: [FULL_HEARTBEAT.gpus![0]!, { ...FULL_HEARTBEAT.gpus![0]!, index: -1 }] })).toThrow(
      /field "gpus\[1\]\.index"/,
    );
    expect(() => encodeHeartbeat({ ...FULL_HEARTBEAT, system: { ...FULL_HEARTBEAT.system!, cpu_percent: Number.NaN } })).toThrow(
      /field "system\.cpu_percent" must be a finite number \(f32\), got NaN/,
    );
    expect(() => encodeHeartbeat({ ...FULL_HEARTBEAT, timestamp: 1.5 })).toThrow(/"timestamp" must be an integer \(i64\)/);
    expect(() => encodeHeartbeat({ ...FULL_HEARTBEAT, asking_prices: { x: 2 as unknown as string } })).toThrow(
      /"asking_prices\.x" must be a string/,
    );
  });

  it('allows a negative i64 timestamp', () => {
    expect(encodeHeartbeat({ host_id: 'h', status: 'online', active_jobs: 0, timestamp: -5, agent_version: 'v' })).toContain(
      '"timestamp":-5,',
    );
  });
});

describe('encodeJobStatus (§3.5)', () => {
  it('leaves the error key out when there is no error and keeps the state verbatim', () => {
    expect(encodeJobStatus({ job_id: 'j1', state: 'started', timestamp: 100 })).toBe(
      '{"job_id":"j1","state":"started","timestamp":100}',
    );
  });

  it('writes the error example byte for byte', () => {
    expect(encodeJobStatus({ job_id: 'j1', state: 'failed', error: 'OOM killed', timestamp: 100 })).toBe(
      '{"job_id":"j1","state":"failed","error":"OOM killed","timestamp":100}',
    );
  });

  it.each(['started', 'streaming', 'succeeded', 'failed', 'cancelled'] as const)('accepts %s', (state) => {
    expect(JSON.parse(encodeJobStatus({ job_id: 'j', state, timestamp: 1 })).state).toBe(state);
  });

  it.each(['completed', 'running'])('refuses %s, which the coordinator rejects', (state) => {
    expect(() => encodeJobStatus({ job_id: 'j', state: state as JobState, timestamp: 1 })).toThrow(/field "state"/);
  });
});

describe('the other Island messages', () => {
  it('JobOutput (§3.6)', () => {
    expect(encodeJobOutput({ job_id: 'j1', seq: 42, chunk: 'Hello world', is_final: false })).toBe(
      '{"job_id":"j1","seq":42,"chunk":"Hello world","is_final":false}',
    );
  });

  it('JobOutput escapes like serde_json', () => {
    expect(encodeJobOutput({ job_id: 'j', seq: 1, chunk: 'a"b\\c\n\t\u0001é/€', is_final: true })).toBe(
      '{"job_id":"j","seq":1,"chunk":"a\\"b\\\\c\\n\\t\\u0001é/€","is_final":true}',
    );
  });

  it('JobProgress (§3.7)', () => {
    expect(encodeJobProgress({ job_id: 'j1', step: 5, total: 20 })).toBe('{"job_id":"j1","step":5,"total":20}');
  });

  it('JobImageOutput (§3.8), with and without the seed', () => {
    const base = { job_id: 'j1', image_data: 'iVBORw0KGgo...', format: 'png', width: 512, height: 512 };
    expect(encodeJobImageOutput({ ...base, seed: 42 })).toBe(
      '{"job_id":"j1","image_data":"iVBORw0KGgo...","format":"png","width":512,"height":512,"seed":42}',
    );
    expect(encodeJobImageOutput(base)).toBe('{"job_id":"j1","image_data":"iVBORw0KGgo...","format":"png","width":512,"height":512}');
  });

  it('LeaseRenewal (§3.10)', () => {
    expect(encodeLeaseRenewal({ job_id: 'j1', extend_seconds: 60 })).toBe('{"job_id":"j1","extend_seconds":60}');
  });

  it('PairingRequest (§3.12)', () => {
    expect(encodePairingRequest({ host_id: 'host-abc' })).toBe('{"host_id":"host-abc"}');
  });

  it('refuses bad values with the field name', () => {
    expect(() => encodeJobOutput({ job_id: 'j', seq: -1, chunk: '', is_final: false })).toThrow(/"seq"/);
    expect(() => encodeJobOutput({ job_id: 'j', seq: 1, chunk: '', is_final: 'no' as unknown as boolean })).toThrow(
      /"is_final" must be a boolean, got string/,
    );
    expect(() => encodeJobProgress({ job_id: 'j', step: 1, total: 2 ** 32 })).toThrow(/"total"/);
    expect(() => encodeJobImageOutput({ job_id: 'j', image_data: '', format: 'png', width: 1, height: 1, seed: 1.5 })).toThrow(
      /"seed"/,
    );
    expect(() => encodePairingRequest({ host_id: 5 as unknown as string })).toThrow(/"host_id" must be a string, got integer 5/);
  });
});
