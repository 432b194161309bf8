// Pricing rules of the Compute Exchange (product.md §3), pure functions only.
// §3.2: first-price auction — the Island earns its own ask, so a job's clearing price is the ask.
// §3.2: market rate = average clearing price of recent jobs; §3.3 surge ×1.25 when queued > 2×capacity;
// §3.5: history as avg/min/max/median over 1h/24h/7d/30d.

export const DEFAULT_PRICE_KEY = '_default';

/** Credits are decimal strings on the wire ("1.5"), like config.toml's `[pricing]`. */
const CREDIT_STRING = /^(0|[1-9]\d*)(\.\d+)?$/;

export function parseCredits(text: string): number | null {
  if (!CREDIT_STRING.test(text)) return null;
  const n = Number(text);
  return Number.isFinite(n) ? n : null;
}

/** Four decimals: enough for 0.0001-credit rates, and it hides float dust in JSON. */
export function roundCredits(n: number): number {
  return Math.round(n * 10_000) / 10_000;
}

export type PriceSource = 'workload' | 'island_default' | 'cargo_default';

/** The Island's ask for `slug`, else its `_default` ask, else the Cargo's default price. */
export function clearingPrice(
  askingPrices: Readonly<Record<string, string>> | undefined,
  slug: string,
  cargoDefaultPrice: number,
): { price: number; source: PriceSource } {
  const own = askingPrices?.[slug];
  const ownPrice = own === undefined ? null : parseCredits(own);
  if (ownPrice !== null) return { price: ownPrice, source: 'workload' };
  const fallback = askingPrices?.[DEFAULT_PRICE_KEY];
  const fallbackPrice = fallback === undefined ? null : parseCredits(fallback);
  if (fallbackPrice !== null) return { price: fallbackPrice, source: 'island_default' };
  return { price: cargoDefaultPrice, source: 'cargo_default' };
}

export const SURGE_RULES = Object.freeze({ queueToCapacity: 2, multiplier: 1.25, holdMs: 30_000 });

/** §3.3: 80 queued vs 30 with capacity (2.67 > 2) → 1.25; equality is not a surge. */
export function surgeMultiplier(queued: number, capacity: number): number {
  return queued > SURGE_RULES.queueToCapacity * capacity ? SURGE_RULES.multiplier : 1;
}

export interface Clearing {
  at: number;
  price: number;
}

/** Average clearing price of jobs within `windowMs` before `now`; null if there were none. */
export function averageClearing(clearings: readonly Clearing[], now: number, windowMs: number): number | null {
  const recent = clearings.filter((c) => c.at <= now && now - c.at <= windowMs);
  if (recent.length === 0) return null;
  return recent.reduce((sum, c) => sum + c.price, 0) / recent.length;
}

export function median(values: readonly number[]): number {
  if (values.length === 0) throw new RangeError('median of nothing');
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

export interface PriceSummary {
  avg: number;
  min: number;
  max: number;
  median: number;
}

export function summarize(values: readonly number[]): PriceSummary {
  if (values.length === 0) throw new RangeError('summary of nothing');
  return {
    avg: roundCredits(values.reduce((a, b) => a + b, 0) / values.length),
    min: roundCredits(Math.min(...values)),
    max: roundCredits(Math.max(...values)),
    median: roundCredits(median(values)),
  };
}

export const HISTORY_WINDOWS = {
  '1h': { spanMs: 3_600_000, bucketMs: 300_000 },
  '24h': { spanMs: 86_400_000, bucketMs: 3_600_000 },
  '7d': { spanMs: 7 * 86_400_000, bucketMs: 6 * 3_600_000 },
  '30d': { spanMs: 30 * 86_400_000, bucketMs: 86_400_000 },
} as const;
export type HistoryWindow = keyof typeof HISTORY_WINDOWS;

export function isHistoryWindow(w: string): w is HistoryWindow {
  return Object.hasOwn(HISTORY_WINDOWS, w);
}

export interface RateSnapshot {
  at: number;
  rate: number;
}

/**
 * Rate snapshots (one every 5 min by default) within the window, grouped into buckets of the
 * window's resolution, oldest first. Each point is stamped with its bucket's start. Empty buckets
 * are left out rather than invented.
 */
export function historyPoints(
  snapshots: readonly RateSnapshot[],
  window: HistoryWindow,
  now: number,
): Array<{ at: number } & PriceSummary> {
  const { spanMs, bucketMs } = HISTORY_WINDOWS[window];
  const buckets = new Map<number, number[]>();
  for (const s of snapshots) {
    if (s.at > now || now - s.at > spanMs) continue;
    const start = Math.floor(s.at / bucketMs) * bucketMs;
    const list = buckets.get(start) ?? [];
    list.push(s.rate);
    buckets.set(start, list);
  }
  return [...buckets.entries()].sort(([a], [b]) => a - b).map(([at, rates]) => ({ at, ...summarize(rates) }));
}
