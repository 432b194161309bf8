import { describe, expect, it } from 'vitest';
import { formatBytes, formatCountdown, formatCredits, formatDuration, formatInteger, formatMb, formatPercent } from '../../../src-renderer/src/format/units';
import { downloadFraction, upsertDownload } from '../../../src-renderer/src/screens/storage/downloads';
import { appendSample, gpuSeries } from '../../../src-renderer/src/screens/hardware/samples';
import { sample } from '../fixtures';

describe('units', () => {
  it('writes sizes, memory, durations, countdowns, percentages and credits', () => {
    expect([formatBytes(999), formatBytes(4_370_000_000), formatBytes(120e9), formatBytes(null)]).toEqual(['999 B', '4.4 GB', '120 GB', '—']);
    expect([formatMb(65_536), formatMb(512), formatMb(null)]).toEqual(['64.0 GB', '512 MB', '—']);
    expect([formatDuration(850), formatDuration(4200), formatDuration(65_000), formatDuration(7_500_000), formatDuration(null)]).toEqual(['850 ms', '4.2 s', '1 min 5 s', '2 h 5 min', '—']);
    expect([formatCountdown(600_000), formatCountdown(59_001), formatCountdown(-5), formatCountdown(3_723_000)]).toEqual(['10:00', '1:00', '0:00', '1:02:03']);
    expect([formatPercent(0.993), formatPercent(null)]).toEqual(['99.3%', '—']);
    expect([formatCredits(1234.567), formatInteger(105_600)]).toEqual(['1,234.57', '105,600']);
  });
});

describe('downloads and samples', () => {
  it('keeps the latest state per download and knows its progress', () => {
    const d = { id: 'a', kind: 'image' as const, target: 'x', phase: 'progress' as const, receivedBytes: 5, totalBytes: 10, error: null, updatedAt: 1 };
    const list = upsertDownload(upsertDownload([], d), { ...d, receivedBytes: 8, updatedAt: 2 });
    expect(list).toEqual([{ ...d, receivedBytes: 8, updatedAt: 2 }]);
    expect(downloadFraction(list[0]!)).toBe(0.8);
    expect(downloadFraction({ ...d, totalBytes: null })).toBeNull();
    expect(downloadFraction({ ...d, phase: 'done' })).toBe(1);
  });

  it('keeps a bounded, ordered window of samples and flattens a GPU series', () => {
    let s = appendSample([], sample(1), 2);
    s = appendSample(s, sample(2), 2);
    s = appendSample(s, sample(2), 2);
    s = appendSample(s, sample(3), 2);
    expect(s.map((x) => x.at)).toEqual([2, 3]);
    expect(gpuSeries(s, 0)).toEqual([
      { at: 2, utilization: 40, temperature: 61 },
      { at: 3, utilization: 40, temperature: 61 },
    ]);
    expect(gpuSeries(s, 5)[0]).toEqual({ at: 2, utilization: null, temperature: null });
  });
});
