import { describe, expect, it } from 'vitest';
import { earningsByHours, earningsSeries, estimateEarnings, HOURS_PER_DAY } from '../../../src-shared/domain/estimator';

describe('chart series', () => {
  it('per day: the detail view\'s daily figure, accumulated; day 30 is the monthly figure', () => {
    const days = earningsSeries({ gpuId: 'nvidia-rtx-4090', hoursPerDay: 8, period: 'day', count: 30 });
    expect(days).toHaveLength(30);
    expect(days[0]).toEqual({ index: 1, credits: 2816, cumulativeCredits: 2816, cumulativeUsd: '28.16' });
    expect(days[29]).toEqual({ index: 30, credits: 2816, cumulativeCredits: 84_480, cumulativeUsd: '844.80' });
    const detail = estimateEarnings({ gpuId: 'nvidia-rtx-4090', hoursPerDay: 8 });
    expect(days[29]?.cumulativeCredits).toBe(detail.creditsPerMonth);
  });

  it('per month, Phase 2: no USD', () => {
    const months = earningsSeries({ gpuId: 'nvidia-h100', hoursPerDay: 8, period: 'month', count: 12, version: 'phase2' });
    expect(months.map((m) => m.cumulativeCredits)).toEqual(Array.from({ length: 12 }, (_, i) => 326_400 * (i + 1)));
    expect(months.every((m) => m.credits === 326_400 && m.cumulativeUsd === null)).toBe(true);
  });

  it('by hours: the slider\'s range, matching the detail view at each point', () => {
    const points = earningsByHours('nvidia-a100-80gb');
    expect(points.map((p) => p.hoursPerDay)).toEqual(Array.from({ length: 24 }, (_, i) => i + HOURS_PER_DAY.min));
    // Table A at 8 h: 6,042 per day, 181,260 per month, $1812.60 (detail view).
    expect(points[7]).toEqual({ hoursPerDay: 8, creditsPerDay: 6042, creditsPerMonth: 181_260, usdPerMonth: '1812.60' });
    // 59 j/h × 8 × 2 × 0.8 = 755.2 per hour.
    expect(points[0]?.creditsPerDay).toBe(755);
    expect(points[23]?.creditsPerDay).toBe(Math.round(755.2 * 24));
  });
});
