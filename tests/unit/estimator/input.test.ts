import { describe, expect, it } from 'vitest';
import {
  compareAllGpus,
  earningsSeries,
  estimateEarnings,
  EstimatorInputError,
  matchDetectedGpu,
  type EstimatorVersion,
} from '../../../src-shared/domain/estimator';

function errorOf(fn: () => unknown): EstimatorInputError {
  try {
    fn();
  } catch (err) {
    if (err instanceof EstimatorInputError) return err;
    throw err;
  }
  throw new Error('expected an EstimatorInputError');
}

describe('bad input names the field and the value', () => {
  it('an unknown GPU id', () => {
    const err = errorOf(() => estimateEarnings({ gpuId: 'nvidia-rtx-9090', hoursPerDay: 8 }));
    expect(err.field).toBe('gpuId');
    expect(err.message).toBe('estimator input gpuId: "nvidia-rtx-9090" is not a GPU of the estimator (see listEstimatorGpus())');
    expect(err.name).toBe('EstimatorInputError');
  });

  it.each([
    [-1, 'must be between 0 and 24, got -1'],
    [24.5, 'must be between 0 and 24, got 24.5'],
    [Number.NaN, 'must be a finite number of hours, got NaN'],
    [Number.POSITIVE_INFINITY, 'must be a finite number of hours, got Infinity'],
  ])('hours per day %s', (hours, problem) => {
    const err = errorOf(() => estimateEarnings({ gpuId: 'cpu-only', hoursPerDay: hours }));
    expect([err.field, err.message]).toEqual(['hoursPerDay', `estimator input hoursPerDay: ${problem}`]);
    expect(errorOf(() => compareAllGpus(hours)).field).toBe('hoursPerDay');
  });

  it('an unknown version', () => {
    const err = errorOf(() => compareAllGpus(8, { version: 'head' as EstimatorVersion }));
    expect(err.field).toBe('version');
    expect(err.message).toContain('"head" is not a version: use web-spec or phase2');
  });

  it('a series with no points or an unknown period', () => {
    expect(errorOf(() => earningsSeries({ gpuId: 'cpu-only', hoursPerDay: 8, period: 'day', count: 0 })).field).toBe('count');
    expect(errorOf(() => earningsSeries({ gpuId: 'cpu-only', hoursPerDay: 8, period: 'day', count: 2.5 })).field).toBe('count');
    const period = errorOf(() => earningsSeries({ gpuId: 'cpu-only', hoursPerDay: 8, period: 'week' as 'day', count: 3 }));
    expect([period.field, period.message]).toEqual(['period', 'estimator input period: must be "day" or "month", got week']);
  });

  it('detected memory that is not a size', () => {
    const err = errorOf(() => matchDetectedGpu({ name: 'NVIDIA GeForce RTX 4090', vramMb: -5 }));
    expect([err.field, err.message]).toEqual(['vramMb', 'estimator input vramMb: must be megabytes (0 or more) or null, got -5']);
  });

  it('the edges of the range are accepted', () => {
    expect(estimateEarnings({ gpuId: 'cpu-only', hoursPerDay: 24, version: 'phase2' }).creditsPerDay).toBe(270);
    expect(estimateEarnings({ gpuId: 'cpu-only', hoursPerDay: 0 }).creditsPerDay).toBe(0);
  });
});
