import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  compareAllGpus,
  estimateEarnings,
  listEstimatorGpus,
  REFERENCE_WORKLOADS,
  type EstimatorVersion,
} from '../../../src-shared/domain/estimator';

const gpuIds = listEstimatorGpus().map((g) => g.id);
const gpuId = fc.constantFrom(...gpuIds);
const version = fc.constantFrom<EstimatorVersion>('web-spec', 'phase2');
const hours = fc.double({ min: 0, max: 24, noNaN: true });

describe('estimator properties', () => {
  it('credits never fall when hours rise', () => {
    fc.assert(
      fc.property(gpuId, version, hours, hours, (id, v, a, b) => {
        const [lo, hi] = a <= b ? [a, b] : [b, a];
        const low = estimateEarnings({ gpuId: id, hoursPerDay: lo, version: v });
        const high = estimateEarnings({ gpuId: id, hoursPerDay: hi, version: v });
        expect(high.creditsPerDay).toBeGreaterThanOrEqual(low.creditsPerDay);
        expect(high.creditsPerMonth).toBeGreaterThanOrEqual(low.creditsPerMonth);
      }),
    );
  });

  it('zero hours earn zero credits and zero dollars', () => {
    fc.assert(
      fc.property(gpuId, version, (id, v) => {
        const e = estimateEarnings({ gpuId: id, hoursPerDay: 0, version: v });
        expect([e.creditsPerDay, e.creditsPerMonth]).toEqual([0, 0]);
        expect(e.usdPerMonth).toBe(v === 'web-spec' ? '0.00' : null);
        for (const c of e.cargos) if (c.kind === 'runs') expect(c.creditsPerDay).toBe(0);
      }),
    );
  });

  it('the fee is applied exactly once: WEB@SPEC = Phase 2 × 0.8 for every Cargo', () => {
    fc.assert(
      fc.property(gpuId, hours, (id, h) => {
        const web = estimateEarnings({ gpuId: id, hoursPerDay: h });
        const head = estimateEarnings({ gpuId: id, hoursPerDay: h, version: 'phase2' });
        for (const [i, c] of web.cargos.entries()) {
          const p = head.cargos[i];
          if (c.kind !== 'runs' || p?.kind !== 'runs') {
            expect(c.kind).toBe(p?.kind);
            continue;
          }
          expect(c.grossCreditsPerHour).toBe(p.grossCreditsPerHour);
          expect(p.creditsPerHour).toBe(p.grossCreditsPerHour);
          expect(c.creditsPerHour).toBeCloseTo(p.creditsPerHour * 0.8, 9);
          expect(c.creditsPerDay).toBe(c.creditsPerHour * h);
        }
      }),
    );
  });

  it('the best Cargo earns the most per hour and does not depend on the hours', () => {
    fc.assert(
      fc.property(gpuId, version, hours, (id, v, h) => {
        const e = estimateEarnings({ gpuId: id, hoursPerDay: h, version: v });
        const at8 = estimateEarnings({ gpuId: id, hoursPerDay: 8, version: v });
        expect(e.best.workload.id).toBe(at8.best.workload.id);
        for (const c of e.cargos) if (c.kind === 'runs') expect(c.creditsPerHour).toBeLessThanOrEqual(e.best.creditsPerHour);
        expect([e.best.creditsPerMonth, e.best.usdPerMonth]).toEqual([e.creditsPerMonth, e.usdPerMonth]);
        expect(e.cargos.map((c) => c.workload.id)).toEqual(REFERENCE_WORKLOADS.map((w) => w.id));
      }),
    );
  });

  it('the detail view and the comparison differ by rounding only (at most 15 credits a month)', () => {
    fc.assert(
      fc.property(version, fc.integer({ min: 1, max: 24 }), (v, h) => {
        for (const row of compareAllGpus(h, { version: v }).rows) {
          const detail = estimateEarnings({ gpuId: row.gpu.id, hoursPerDay: h, version: v });
          expect(Math.abs(detail.creditsPerMonth - row.monthlyCredits)).toBeLessThanOrEqual(15);
          expect(detail.best.workload.id).toBe(row.bestWorkload.id);
        }
      }),
      { numRuns: 30 },
    );
  });

  it('the comparison is sorted by monthly credits, descending, at any hours', () => {
    fc.assert(
      fc.property(version, hours, (v, h) => {
        const rows = compareAllGpus(h, { version: v }).rows;
        expect(rows).toHaveLength(gpuIds.length);
        for (let i = 1; i < rows.length; i++) {
          expect(rows[i - 1]!.monthlyCredits).toBeGreaterThanOrEqual(rows[i]!.monthlyCredits);
        }
        expect(rows.map((r) => r.rank)).toEqual(rows.map((_, i) => i + 1));
      }),
      { numRuns: 50 },
    );
  });
});
