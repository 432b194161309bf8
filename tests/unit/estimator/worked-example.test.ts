import { describe, expect, it } from 'vitest';
import { estimateEarnings, hardwareTierText, type RunningCargoEstimate } from '../../../src-shared/domain/estimator';

// §1.6 worked example: RTX 4090, enterprise ×2.0, 24 GB, 1008 GB/s, 8 h/day, 13B Cargo.
describe('the §1.6 worked example (RTX 4090, 13B, 8 h/day)', () => {
  const head = estimateEarnings({ gpuId: 'nvidia-rtx-4090', hoursPerDay: 8, version: 'phase2' });
  const web = estimateEarnings({ gpuId: 'nvidia-rtx-4090', hoursPerDay: 8 });

  it('picks the 13B Cargo: 69 tok/s → 110 jobs/h → 440 cr/h', () => {
    expect(head.best.workload.id).toBe('llm-13b');
    expect(head.best.throughput).toEqual({ kind: 'tokens', tokensPerSecond: 69 });
    expect(head.best.jobsPerHour).toBe(110);
    expect(head.best.creditsPerHour).toBe(440);
  });

  it('HEAD: 3,520 cr/day and 105,600 cr/month', () => {
    expect([head.creditsPerDay, head.creditsPerMonth, head.usdPerMonth]).toEqual([3520, 105_600, null]);
  });

  it('WEB@SPEC: ×0.8 → 2,816/day, 84,480/month, $844.80/month', () => {
    expect([web.creditsPerDay, web.creditsPerMonth, web.usdPerMonth]).toEqual([2816, 84_480, '844.80']);
    expect(web.best.grossCreditsPerHour).toBe(440);
    expect(web.best.creditsPerHour).toBe(352);
    expect([web.best.creditsPerMonth, web.best.usdPerMonth]).toEqual([84_480, '844.80']);
  });

  it('gives every runnable Cargo its own day, month and USD (7B: 149 j/h × 2.0 × 0.8 = 238.4 cr/h)', () => {
    const llm7b = web.cargos[0];
    expect(llm7b).toMatchObject({ kind: 'runs', jobsPerHour: 149, creditsPerHourShown: 238 });
    expect(llm7b?.kind === 'runs' && [llm7b.creditsPerDay, llm7b.creditsPerMonth, llm7b.usdPerMonth]).toEqual([
      238.4 * 8, 57_210, '572.10',
    ]);
  });

  it('says why the fit is Perfect, and the tier line reads as on the site', () => {
    expect((head.best as RunningCargoEstimate).fitReason).toEqual({ kind: 'model-resident', needGb: 9.6 });
    expect(hardwareTierText(head.gpu.tier)).toBe('enterprise (2x multiplier)');
    expect(hardwareTierText('high_end')).toBe('high end (1.5x multiplier)');
    expect(head.gpu.label).toBe('NVIDIA RTX 4090 (24 GB)');
  });
});

describe('fit rules (§1.5)', () => {
  it('A100 40GB runs the 70B model partly offloaded at half speed ("Good")', () => {
    const c = estimateEarnings({ gpuId: 'nvidia-a100-40gb', hoursPerDay: 8, version: 'phase2' }).cargos[2];
    // round(1555 / 40 × 0.55 × 0.5) = 11 tok/s.
    expect(c).toMatchObject({ kind: 'runs', fit: 'good', fitReason: { kind: 'model-partly-offloaded', needGb: 48 } });
    expect(c?.kind === 'runs' && c.throughput).toEqual({ kind: 'tokens', tokensPerSecond: 11 });
  });

  it('Image Generation is "Good" under 12 GB but earns the same', () => {
    const tight = estimateEarnings({ gpuId: 'nvidia-rtx-3080', hoursPerDay: 8, version: 'phase2' }).cargos[3];
    const roomy = estimateEarnings({ gpuId: 'nvidia-rtx-4070', hoursPerDay: 8, version: 'phase2' }).cargos[3];
    expect(tight).toMatchObject({ fit: 'good', fitReason: { kind: 'vram-tight', needGb: 12 }, creditsPerHour: 64.8 });
    expect(roomy).toMatchObject({ fit: 'perfect', fitReason: { kind: 'vram-comfortable', needGb: 12 }, creditsPerHour: 64.8 });
  });

  it('the CPU-only entry runs only the WASM Task', () => {
    const e = estimateEarnings({ gpuId: 'cpu-only', hoursPerDay: 8, version: 'phase2' });
    expect(e.cargos.map((c) => c.kind)).toEqual(['cannot-run', 'cannot-run', 'cannot-run', 'cannot-run', 'runs']);
    expect(e.best).toMatchObject({ throughput: { kind: 'jobs', jobsPerHour: 45 }, fitReason: { kind: 'always' } });
    expect(e.gpu.label).toBe('CPU only (no GPU)');
  });
});
