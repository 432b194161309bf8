// The exchange's memory: clearing prices of recent jobs, queued demand, surge holds and the
// 5-minute rate snapshots behind /market/history. The arithmetic lives in ./market (pure).
import type { MarketRate, MarketWindow } from './api-types';
import {
  averageClearing,
  clearingPrice,
  DEFAULT_PRICE_KEY,
  historyPoints,
  roundCredits,
  surgeMultiplier,
  type Clearing,
  type PriceSummary,
  type RateSnapshot,
} from './market';

export interface MarketBookConfig {
  rateWindowMs: number;
  surgeHoldMs: number;
  cargoPrices: Readonly<Record<string, number>>;
  defaultCargoPrice: number;
}

/** What the market needs to know about one online Island. */
export interface SupplyView {
  askingPrices: Readonly<Record<string, string>>;
  hasCapacity: boolean;
}

const SNAPSHOT_RETENTION_MS = 31 * 86_400_000;

export class MarketBook {
  private readonly clearings = new Map<string, TimeWindow>();
  private readonly lastPrice = new Map<string, number>();
  private readonly extraQueue = new Map<string, number>();
  private readonly surgeHeld = new Map<string, { value: number; at: number }>();
  private readonly snapshots = new Map<string, RateSnapshot[]>();
  lastSnapshotAt: number | null = null;

  constructor(private readonly cfg: MarketBookConfig) {}

  cargoPrice(slug: string): number {
    return this.cfg.cargoPrices[slug] ?? this.cfg.defaultCargoPrice;
  }

  priceFor(askingPrices: Readonly<Record<string, string>> | undefined, slug: string): ReturnType<typeof clearingPrice> {
    return clearingPrice(askingPrices, slug, this.cargoPrice(slug));
  }

  recordClearing(slug: string, at: number, price: number, bid: number): void {
    let w = this.clearings.get(slug);
    if (!w) this.clearings.set(slug, (w = new TimeWindow()));
    w.push({ at, price, bid }, this.cfg.rateWindowMs);
    this.lastPrice.set(slug, price);
  }

  setQueued(slug: string, queued: number): void {
    this.extraQueue.set(slug, queued);
    // An explicit change of demand is news: do not hide it behind the 30 s surge hold.
    this.surgeHeld.delete(slug);
  }

  slugs(supply: readonly SupplyView[], queuedBySlug: ReadonlyMap<string, number>): string[] {
    const all = new Set<string>([
      ...Object.keys(this.cfg.cargoPrices),
      ...this.clearings.keys(),
      ...this.extraQueue.keys(),
      ...queuedBySlug.keys(),
      ...supply.flatMap((s) => Object.keys(s.askingPrices)),
    ]);
    all.delete(DEFAULT_PRICE_KEY);
    return [...all].sort();
  }

  rates(now: number, supply: readonly SupplyView[], queuedBySlug: ReadonlyMap<string, number>): MarketRate[] {
    return this.slugs(supply, queuedBySlug).map((slug) => this.rate(slug, now, supply, queuedBySlug));
  }

  rate(slug: string, now: number, supply: readonly SupplyView[], queuedBySlug: ReadonlyMap<string, number>): MarketRate {
    const recent = (this.clearings.get(slug)?.items() ?? []).filter((c) => c.at <= now && now - c.at <= this.cfg.rateWindowMs);
    const base = averageClearing(recent, now, this.cfg.rateWindowMs) ?? this.lastPrice.get(slug) ?? this.cargoPrice(slug);
    const queued = (queuedBySlug.get(slug) ?? 0) + (this.extraQueue.get(slug) ?? 0);
    const capacity = supply.filter((s) => s.hasCapacity).length;
    const surge = this.heldSurge(slug, now, () => surgeMultiplier(queued, capacity));
    const asks = supply
      .map((s) => clearingPrice(s.askingPrices, slug, Number.NaN))
      .filter((p) => p.source !== 'cargo_default')
      .map((p) => p.price);
    return {
      workload_slug: slug,
      clearing_price: roundCredits(base * surge),
      avg_ask: asks.length > 0 ? roundCredits(mean(asks)) : null,
      avg_bid: recent.length > 0 ? roundCredits(mean(recent.map((c) => c.bid))) : null,
      active_supply: supply.length,
      active_demand: queued,
      jobs_cleared: recent.length,
      surge_multiplier: surge,
    };
  }

  snapshot(now: number, rates: readonly MarketRate[]): void {
    for (const r of rates) {
      const list = (this.snapshots.get(r.workload_slug) ?? []).filter((s) => now - s.at <= SNAPSHOT_RETENTION_MS);
      list.push({ at: now, rate: r.clearing_price });
      this.snapshots.set(r.workload_slug, list);
    }
    this.lastSnapshotAt = now;
  }

  /** undefined when the slug has never been seen at all. */
  history(slug: string, window: MarketWindow, now: number, known: boolean): Array<{ at: number } & PriceSummary> | undefined {
    const snaps = this.snapshots.get(slug);
    if (!snaps && !known) return undefined;
    return historyPoints(snaps ?? [], window, now);
  }

  private heldSurge(slug: string, now: number, compute: () => number): number {
    const held = this.surgeHeld.get(slug);
    if (held && now - held.at < this.cfg.surgeHoldMs) return held.value;
    const value = compute();
    this.surgeHeld.set(slug, { value, at: now });
    return value;
  }
}

function mean(xs: readonly number[]): number {
  return xs.reduce((a, b) => a + b, 0) / xs.length;
}

type BidClearing = Clearing & { bid: number };

/**
 * Clearings of one slug, oldest first, dropping those older than the window. Benchmarks dispatch
 * many thousands of jobs, so dropping is amortised O(1): a head index moves forward and the array
 * is compacted only once half of it is dead. Readers still filter by time (a manual clock may
 * go backwards).
 */
class TimeWindow {
  private list: BidClearing[] = [];
  private head = 0;

  push(c: BidClearing, windowMs: number): void {
    this.list.push(c);
    while (this.head < this.list.length && c.at - this.list[this.head]!.at > windowMs) this.head += 1;
    if (this.head * 2 > this.list.length) {
      this.list = this.list.slice(this.head);
      this.head = 0;
    }
  }

  items(): readonly BidClearing[] {
    return this.head === 0 ? this.list : this.list.slice(this.head);
  }
}
