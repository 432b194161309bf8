import { describe, expect, it } from 'vitest';
import {
  compareAllGpus,
  estimateEarnings,
  HARDWARE_TIERS,
  listEstimatorGpus,
  type EarningsEstimate,
} from '../../../src-shared/domain/estimator';
import { TABLE_A, TABLE_A_HOURS } from '../../fixtures/estimator/table-a';
import { gpuNamed } from './gpu-by-name';

function throughputOf(e: EarningsEstimate): { tokS: number | null; jobsPerHour: number } {
  const t = e.best.throughput;
  return { tokS: t.kind === 'tokens' ? t.tokensPerSecond : null, jobsPerHour: e.best.jobsPerHour };
}

describe('Table A: GPU_DB and the best case at 8 h/day', () => {
  it('lists the 51 GPUs in dropdown order with their raw data and tier multiplier', () => {
    const gpus = listEstimatorGpus();
    expect(gpus.map((g) => g.name)).toEqual(TABLE_A.map((r) => r.gpu));
    for (const [i, row] of TABLE_A.entries()) {
      const g = gpus[i];
      expect({ tier: g?.tier, vramGb: g?.vramGb, bandwidthGbS: g?.bandwidthGbS }, row.gpu).toEqual({
        tier: row.tier,
        vramGb: row.vramGb,
        bandwidthGbS: row.bandwidthGbS,
      });
      expect(g && HARDWARE_TIERS[g.tier].multiplier, row.gpu).toBe(row.mult);
    }
  });

  describe.each(TABLE_A)('$gpu', (row) => {
    const gpu = gpuNamed(row.gpu);

    it('Phase 2 (HEAD, no fee): best Cargo, throughput, credits per day and month', () => {
      const e = estimateEarnings({ gpuId: gpu.id, hoursPerDay: TABLE_A_HOURS, version: 'phase2' });
      expect(e.best.workload.name).toBe(row.best);
      expect(throughputOf(e)).toEqual({ tokS: row.tokS, jobsPerHour: row.jobsPerHour });
      expect(e.creditsPerDay).toBe(row.phase2.perDay);
      expect(e.creditsPerMonth).toBe(row.phase2.perMonthDetail);
      expect(e.usdPerMonth).toBeNull();
    });

    it('WEB@SPEC (20 % fee, $0.01/credit): detail view', () => {
      const e = estimateEarnings({ gpuId: gpu.id, hoursPerDay: TABLE_A_HOURS });
      expect(e.rules).toMatchObject({ version: 'web-spec', feeRate: 0.2, usdPerCredit: 0.01 });
      expect(e.best.workload.name).toBe(row.best);
      expect(e.creditsPerDay).toBe(row.webSpec.perDay);
      expect(e.creditsPerMonth).toBe(row.webSpec.perMonthDetail);
      expect(e.usdPerMonth).toBe(row.webSpec.usdDetail);
    });

    it('the comparison rounds the month instead of the day', () => {
      const web = compareAllGpus(TABLE_A_HOURS).rows.find((r) => r.gpu.id === gpu.id);
      const p2 = compareAllGpus(TABLE_A_HOURS, { version: 'phase2' }).rows.find((r) => r.gpu.id === gpu.id);
      expect(web?.monthlyCredits).toBe(row.webSpec.perMonthCompare);
      expect(web?.usd).toBe(row.webSpec.usdCompare);
      expect(p2?.monthlyCredits).toBe(row.phase2.perMonthCompare);
      expect(p2?.bestWorkload.name).toBe(row.best);
    });
  });
});
