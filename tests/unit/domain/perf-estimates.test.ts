import { describe, expect, it } from 'vitest';
import {
  computePerformanceEstimates,
  estimateLlmTokensPerSecond,
  maxConcurrentJobs,
  roundHalfAwayFromZero,
} from '../../../src-shared/domain/perf-estimates';
import type { HostCapabilities } from '../../../src-shared/protocol/messages';

const caps = (over: Partial<HostCapabilities>): HostCapabilities => ({
  gpu_model: null,
  gpu_vram_mb: null,
  cpu_cores: 8,
  ram_mb: 16384,
  region: null,
  ...over,
});

const SHIPPED = ['container', 'wasm', 'diffusers'];

describe('computePerformanceEstimates: §9.3 worked values', () => {
  it('RTX 4090 (24576 MB) → 1008 GB/s → 123 tok/s', () => {
    const e = computePerformanceEstimates(caps({ gpu_model: 'NVIDIA GeForce RTX 4090', gpu_vram_mb: 24576 }), SHIPPED);
    expect(e.gpu_bandwidth_gb_s).toBe(1008);
    expect(e.estimated_llm_tok_s).toBe(123);
  });

  it('RTX 3080 (10240 MB) → 760.3 → 93 (§13: present and > 0)', () => {
    const e = computePerformanceEstimates(caps({ gpu_model: 'RTX 3080', gpu_vram_mb: 10240 }), SHIPPED);
    expect(e.gpu_bandwidth_gb_s).toBe(760.3);
    expect(e.estimated_llm_tok_s).toBe(93);
  });

  it('Unknown GPU with 8192 MB → 320 → 39', () => {
    const e = computePerformanceEstimates(caps({ gpu_model: 'Unknown GPU', gpu_vram_mb: 8192 }), SHIPPED);
    expect(e.gpu_bandwidth_gb_s).toBe(320);
    expect(e.estimated_llm_tok_s).toBe(39);
  });

  it('NVIDIA H100 80GB HBM3 → 3350 → 409', () => {
    const e = computePerformanceEstimates(caps({ gpu_model: 'NVIDIA H100 80GB HBM3', gpu_vram_mb: 81559 }), SHIPPED);
    expect(e.gpu_bandwidth_gb_s).toBe(3350);
    expect(e.estimated_llm_tok_s).toBe(409);
  });

  it('no GPU, 8 cores, 16384 MB (§13): nulls, 4 containers, 12288 MB wasm', () => {
    expect(computePerformanceEstimates(caps({}), SHIPPED)).toEqual({
      gpu_bandwidth_gb_s: null,
      estimated_llm_tok_s: null,
      max_concurrent_containers: 4,
      wasm_memory_limit_mb: 12288,
      supported_runtimes: ['container', 'wasm', 'diffusers'],
    });
  });

  it('1 core and 1024 MB → containers clamped to 1', () => {
    expect(computePerformanceEstimates(caps({ cpu_cores: 1, ram_mb: 1024 }), SHIPPED).max_concurrent_containers).toBe(1);
  });

  it('wasm memory is ram × 3/4 (8192 → 6144)', () => {
    expect(computePerformanceEstimates(caps({ cpu_cores: 4, ram_mb: 8192 }), SHIPPED).wasm_memory_limit_mb).toBe(6144);
    expect(computePerformanceEstimates(caps({ ram_mb: 1001 }), SHIPPED).wasm_memory_limit_mb).toBe(750);
  });
});

describe('computePerformanceEstimates: the rest', () => {
  it('uses the VRAM mode: full ≥ 4608 MB, half below, 0.3 unknown', () => {
    const tok = (vram: number | null) =>
      computePerformanceEstimates(caps({ gpu_model: 'NVIDIA GeForce RTX 4090', gpu_vram_mb: vram }), SHIPPED).estimated_llm_tok_s;
    expect(tok(4608)).toBe(123);
    expect(tok(4607)).toBe(62); // 61.6
    expect(tok(null)).toBe(37); // 36.96
  });

  it('keeps a bandwidth from the table even with an empty model name', () => {
    expect(computePerformanceEstimates(caps({ gpu_model: '', gpu_vram_mb: 2048 }), SHIPPED).gpu_bandwidth_gb_s).toBe(80);
  });

  it('adds nats_rtt_ms and public_addr only when given', () => {
    const e = computePerformanceEstimates(caps({}), ['container', 'wasm'], { natsRttMs: 0.8, publicAddr: '1.2.3.4:5678' });
    expect(e.nats_rtt_ms).toBe(0.8);
    expect(e.public_addr).toBe('1.2.3.4:5678');
    expect(computePerformanceEstimates(caps({}), ['container'], {})).not.toHaveProperty('nats_rtt_ms');
    expect(computePerformanceEstimates(caps({}), ['container'])).not.toHaveProperty('public_addr');
  });

  it('copies the runtimes list', () => {
    const runtimes = ['container', 'wasm'];
    const e = computePerformanceEstimates(caps({}), runtimes);
    runtimes.push('onnx');
    expect(e.supported_runtimes).toEqual(['container', 'wasm']);
  });
});

describe('maxConcurrentJobs', () => {
  it.each([
    [8, 16384, 4],
    [1, 1024, 1],
    [16, 8192, 4],
    [4, 65536, 2],
    [0, 0, 1],
    [64, 262144, 32],
  ])('%i cores, %i MB → %i', (cores, ram, n) => {
    expect(maxConcurrentJobs(cores, ram)).toBe(n);
  });
});

describe('rounding like Rust f32::round', () => {
  it('rounds halves away from zero', () => {
    expect(roundHalfAwayFromZero(2.5)).toBe(3);
    expect(roundHalfAwayFromZero(-2.5)).toBe(-3);
    expect(roundHalfAwayFromZero(2.4999)).toBe(2);
    expect(roundHalfAwayFromZero(0.49999999999999994)).toBe(0);
  });

  it('computes tok/s in f32', () => {
    // 1008 / 4.5 * 0.55 = 123.2 in any precision; 900 GB/s with 0.5 mode gives 55.0 exactly.
    expect(estimateLlmTokensPerSecond(1008, 24576)).toBe(123);
    expect(estimateLlmTokensPerSecond(900, 1024)).toBe(55);
    expect(estimateLlmTokensPerSecond(200, null)).toBe(7); // 7.333…
  });
});
