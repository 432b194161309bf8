import { describe, expect, it } from 'vitest';
import { mergeLogs, passes } from '../../../src-renderer/src/screens/logs/log-filter';
import { log } from '../fixtures';

describe('log filter', () => {
  it('passes entries at or above the level, of the job asked for (substring)', () => {
    expect(passes(log(1, { level: 'warn' }), { minLevel: 'info', jobId: '' })).toBe(true);
    expect(passes(log(1, { level: 'debug' }), { minLevel: 'info', jobId: '' })).toBe(false);
    expect(passes(log(1, { jobId: 'job-abc-123' }), { minLevel: 'trace', jobId: 'abc' })).toBe(true);
    expect(passes(log(1, { jobId: null }), { minLevel: 'trace', jobId: 'abc' })).toBe(false);
    expect(passes(log(1, { jobId: null }), { minLevel: 'trace', jobId: '  ' })).toBe(true);
  });

  it('merges loaded and live entries once each, in seq order, newest kept', () => {
    const merged = mergeLogs([log(3), log(1)], [log(2), log(3, { message: 'live copy' }), log(4)], 3);
    expect(merged.map((e) => e.seq)).toEqual([2, 3, 4]);
    expect(merged[1]!.message).toBe('live copy');
  });
});
