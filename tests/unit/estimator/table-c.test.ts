import { describe, expect, it } from 'vitest';
import { compareAllGpus, type GpuComparisonRow } from '../../../src-shared/domain/estimator';
import { TABLE_C, TABLE_C_HOURS } from '../../fixtures/estimator/table-c';

/** The row as Table C prints it. */
function printed(r: GpuComparisonRow) {
  return {
    rank: r.rank,
    gpu: r.gpu.name,
    tierLabel: r.tier.label,
    vram: r.gpu.vramGb > 0 ? `${r.gpu.vramGb} GB` : '—',
    best: r.bestWorkload.name,
    sweetSpot: r.sweetSpot,
  };
}

describe('Table C: all GPUs compared at 8 h/day', () => {
  const web = compareAllGpus(TABLE_C_HOURS);
  const phase2 = compareAllGpus(TABLE_C_HOURS, { version: 'phase2' });

  it('has the reference order, labels, best Cargo and ★ in both versions', () => {
    const expected = TABLE_C.map(({ rank, gpu, tierLabel, vram, best, sweetSpot }) => ({ rank, gpu, tierLabel, vram, best, sweetSpot }));
    expect(web.rows.map(printed)).toEqual(expected);
    expect(phase2.rows.map(printed)).toEqual(expected);
  });

  it('has the reference monthly credits and USD', () => {
    expect(web.rows.map((r) => [r.monthlyCredits, r.usd])).toEqual(TABLE_C.map((r) => [r.webSpecMonthly, r.usd]));
    expect(phase2.rows.map((r) => [r.monthlyCredits, r.usd])).toEqual(TABLE_C.map((r) => [r.phase2Monthly, null]));
  });

  it('keeps GPU_DB order on equal months (stable sort)', () => {
    // RTX 5080 and RX 7900 XTX both make 77,040 (Phase 2); the 5080 comes first in GPU_DB.
    const names = phase2.rows.map((r) => r.gpu.name);
    expect(names.indexOf('NVIDIA RTX 5080')).toBe(names.indexOf('AMD RX 7900 XTX') - 1);
    expect(names.slice(24, 29)).toEqual([
      'NVIDIA RTX 4070 Ti', 'NVIDIA RTX 4070 Super', 'NVIDIA RTX 4070', 'AMD RX 6900 XT', 'AMD RX 6800 XT',
    ]);
  });

  it.each([1, 4, 8, 12, 24])('the ★ sweet spot is the RTX 3080 Ti at %i h/day (§1.8)', (hours) => {
    for (const version of ['web-spec', 'phase2'] as const) {
      const c = compareAllGpus(hours, { version });
      expect(c.sweetSpotGpuId).toBe('nvidia-rtx-3080-ti');
      expect(c.rows.filter((r) => r.sweetSpot).map((r) => r.gpu.id)).toEqual(['nvidia-rtx-3080-ti']);
    }
  });

  it('the ★ is 74,880 credits over 12 GB at 8 h (Phase 2)', () => {
    const star = phase2.rows.find((r) => r.sweetSpot);
    expect([star?.monthlyCredits, star?.gpu.vramGb]).toEqual([74_880, 12]);
  });
});
