import { describe, expect, it } from 'vitest';
import {
  averageClearing,
  clearingPrice,
  historyPoints,
  isHistoryWindow,
  median,
  parseCredits,
  roundCredits,
  summarize,
  surgeMultiplier,
} from '../../harness/coordinator/market';

describe('credits strings', () => {
  it('parses decimal strings like config.toml prices', () => {
    expect(parseCredits('1.5')).toBe(1.5);
    expect(parseCredits('0.80')).toBe(0.8);
    expect(parseCredits('2')).toBe(2);
    expect(parseCredits('0')).toBe(0);
  });
  it.each(['', ' 1.0', '1.', '.5', '-1', '1e3', 'abc', '01', 'NaN', 'Infinity'])('rejects %j', (s) => {
    expect(parseCredits(s)).toBeNull();
  });
  it('rounds to 4 decimals', () => {
    expect(roundCredits(0.1 + 0.2)).toBe(0.3);
    expect(roundCredits(0.12 * 1.25)).toBe(0.15);
  });
});

describe('clearing price: first-price auction (§3.2)', () => {
  const asks = { 'llm-chat': '2.0', _default: '1.0' };
  it("is the Island's ask for the slug", () => {
    expect(clearingPrice(asks, 'llm-chat', 9)).toEqual({ price: 2, source: 'workload' });
  });
  it('falls back to the Island _default', () => {
    expect(clearingPrice(asks, 'image-gen', 9)).toEqual({ price: 1, source: 'island_default' });
  });
  it("falls back to the Cargo's default price", () => {
    expect(clearingPrice({}, 'image-gen', 3)).toEqual({ price: 3, source: 'cargo_default' });
    expect(clearingPrice(undefined, 'image-gen', 3)).toEqual({ price: 3, source: 'cargo_default' });
  });
  it('skips an ask that is not a credits string', () => {
    expect(clearingPrice({ 'llm-chat': 'cheap', _default: '1.25' }, 'llm-chat', 3)).toEqual({ price: 1.25, source: 'island_default' });
  });
});

describe('surge (§3.3)', () => {
  it('applies 1.25 when queued > 2 × capacity', () => {
    expect(surgeMultiplier(80, 30)).toBe(1.25); // the published example: ratio 2.67
    expect(surgeMultiplier(60, 30)).toBe(1); // exactly 2×: no surge
    expect(surgeMultiplier(0, 0)).toBe(1);
    expect(surgeMultiplier(1, 0)).toBe(1.25);
  });
  it('turns the example rate 0.12 into 0.15', () => {
    expect(roundCredits(0.12 * surgeMultiplier(80, 30))).toBe(0.15);
  });
});

describe('market rate', () => {
  it('averages clearing prices within the window', () => {
    const clearings = [
      { at: 0, price: 10 },
      { at: 1000, price: 1 },
      { at: 2000, price: 2 },
    ];
    expect(averageClearing(clearings, 2500, 2000)).toBe(1.5);
    expect(averageClearing(clearings, 2500, 10_000)).toBe(13 / 3);
    expect(averageClearing(clearings, 99_999, 10)).toBeNull();
  });
  it('ignores clearings from the future', () => {
    expect(averageClearing([{ at: 5000, price: 1 }], 1000, 10_000)).toBeNull();
  });
});

describe('history', () => {
  it('computes median for odd and even counts', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(() => median([])).toThrow();
  });
  it('summarizes', () => {
    expect(summarize([1, 2, 3, 10])).toEqual({ avg: 4, min: 1, max: 10, median: 2.5 });
  });
  it('knows the four windows', () => {
    expect(['1h', '24h', '7d', '30d'].every(isHistoryWindow)).toBe(true);
    expect(isHistoryWindow('2h')).toBe(false);
    expect(isHistoryWindow('toString')).toBe(false);
  });
  it('buckets 5-minute snapshots by window resolution, oldest first, within the span', () => {
    const hour = 3_600_000;
    const now = 10 * hour;
    const snaps = [
      { at: now - 2 * hour, rate: 9 }, // outside 1h, inside 24h
      { at: now - 30 * 60_000, rate: 1 },
      { at: now - 29 * 60_000, rate: 3 }, // same 5-min bucket as the one before
      { at: now - 5 * 60_000, rate: 2 },
    ];
    const oneHour = historyPoints(snaps, '1h', now);
    expect(oneHour).toEqual([
      { at: now - 30 * 60_000, avg: 2, min: 1, max: 3, median: 2 },
      { at: now - 5 * 60_000, avg: 2, min: 2, max: 2, median: 2 },
    ]);
    const day = historyPoints(snaps, '24h', now);
    expect(day).toEqual([
      { at: now - 2 * hour, avg: 9, min: 9, max: 9, median: 9 },
      { at: now - hour, avg: 2, min: 1, max: 3, median: 2 },
    ]);
  });
});
