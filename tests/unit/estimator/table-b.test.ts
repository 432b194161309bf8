import { describe, expect, it } from 'vitest';
import { estimateEarnings, REFERENCE_WORKLOADS, type CargoEstimate } from '../../../src-shared/domain/estimator';
import { TABLE_B, type TableBCell } from '../../fixtures/estimator/table-b';
import { gpuNamed } from './gpu-by-name';

/** The estimate in the table's terms, so a mismatch shows both sides cell by cell. */
function asCell(c: CargoEstimate): TableBCell {
  if (c.kind === 'cannot-run') {
    if (c.reason.kind !== 'needs-vram') throw new Error(`unexpected reason ${c.reason.kind}`);
    return { kind: 'needs', minVramGb: c.reason.minVramGb };
  }
  return {
    kind: 'runs',
    fit: c.fit,
    tokS: c.throughput.kind === 'tokens' ? c.throughput.tokensPerSecond : null,
    jobsPerHour: c.jobsPerHour,
    crPerHour: c.creditsPerHourShown,
  };
}

describe('Table B: every reference Cargo on every GPU (Phase 2, per hour)', () => {
  it('covers all 51 GPUs and the five reference Cargos', () => {
    expect(TABLE_B).toHaveLength(51);
    expect(REFERENCE_WORKLOADS.map((w) => w.name)).toEqual([
      'LLM Chat (7B)', 'LLM Chat (13B)', 'LLM Chat (70B)', 'Image Generation', 'WASM Task',
    ]);
  });

  it.each(TABLE_B.map(([gpu, cells]) => ({ gpu, cells })))('$gpu', ({ gpu, cells }) => {
    // Per-hour values do not depend on the hours; 3 h makes sure nothing leaks from 8.
    const e = estimateEarnings({ gpuId: gpuNamed(gpu).id, hoursPerDay: 3, version: 'phase2' });
    expect(e.cargos.map(asCell)).toEqual(cells);
  });

  it('greys out with the reference badge text', () => {
    const e = estimateEarnings({ gpuId: 'cpu-only', hoursPerDay: 8, version: 'phase2' });
    const badges = e.cargos.map((c) => (c.kind === 'cannot-run' ? c.badge : c.kind));
    expect(badges).toEqual(['Needs 6 GB', 'Needs 10 GB', 'Needs 40 GB', 'Needs 8 GB', 'runs']);
  });

  it('WEB@SPEC is the unrounded Phase 2 rate × 0.8, rounded once for display', () => {
    // "For WEB@SPEC multiply the *unrounded* cr/h by 0.8" (§1.10): A40 LLM 7B is 186.0 → 148.8 → 149.
    const gpuId = gpuNamed('NVIDIA A40').id;
    const web = estimateEarnings({ gpuId, hoursPerDay: 8 }).cargos[0];
    expect(web?.kind === 'runs' && [web.creditsPerHour, web.creditsPerHourShown]).toEqual([148.8, 149]);
    // CPU-only WASM: 45 × 0.5 × 0.5 = 11.25 cr/h (shown 11) → 9.0 after the fee.
    const cpu = estimateEarnings({ gpuId: 'cpu-only', hoursPerDay: 8 }).cargos[4];
    expect(cpu?.kind === 'runs' && [cpu.grossCreditsPerHour, cpu.creditsPerHour]).toEqual([11.25, 9]);
  });
});
