// Market rates (clearing price per Cargo) from the coordinator's API, cached: fetched when asked
// for and older than a minute, at most one fetch at a time. A failure is remembered for 15 s so a
// coordinator that is down does not make every prices.get wait for a timeout; the last rates that
// did arrive stay on show with the reason they may be stale.
import { errorMessage } from '../../../src-shared/errors';
import type { MarketRatesResponse } from '../../../src-shared/coordinator-api/schemas';
import type { Logger } from '../log/logger';

export interface MarketRatesSource {
  marketRates(): Promise<MarketRatesResponse>;
}

export interface MarketSnapshot {
  rates: ReadonlyMap<string, number>;
  /** Null when the rates are current; otherwise why not. */
  unavailable: string | null;
}

export const NO_API_URL = 'no [coordinator] api_url is configured';

export class MarketRates {
  private rates = new Map<string, number>();
  private fetchedAt: number | null = null;
  private failure: { at: number; reason: string } | null = null;
  private inFlight: Promise<void> | null = null;

  constructor(
    private readonly source: () => MarketRatesSource | null,
    private readonly log: Logger,
    private readonly now: () => number = Date.now,
    private readonly maxAgeMs = 60_000,
    private readonly retryAfterFailureMs = 15_000,
  ) {}

  /** What is known now, without fetching. */
  cached(): MarketSnapshot {
    if (!this.source()) return { rates: new Map(), unavailable: NO_API_URL };
    if (this.failure) return { rates: this.rates, unavailable: this.failure.reason };
    return { rates: this.rates, unavailable: this.fetchedAt === null ? 'market rates not fetched yet' : null };
  }

  /** Fresh rates: fetches when the cache is stale. */
  async current(): Promise<MarketSnapshot> {
    const src = this.source();
    if (!src) return this.cached();
    const t = this.now();
    const fresh = this.fetchedAt !== null && t - this.fetchedAt < this.maxAgeMs && !this.failure;
    const failedRecently = this.failure !== null && t - this.failure.at < this.retryAfterFailureMs;
    if (!fresh && !failedRecently) {
      this.inFlight ??= this.fetch(src).finally(() => {
        this.inFlight = null;
      });
      await this.inFlight;
    }
    return this.cached();
  }

  /** Forget everything (the api_url changed). */
  reset(): void {
    this.rates = new Map();
    this.fetchedAt = null;
    this.failure = null;
  }

  private async fetch(src: MarketRatesSource): Promise<void> {
    try {
      const r = await src.marketRates();
      this.rates = new Map(r.rates.map((x) => [x.workload_slug, x.clearing_price]));
      this.fetchedAt = this.now();
      if (this.failure) this.log.info('market rates are available again');
      this.failure = null;
    } catch (err) {
      const reason = errorMessage(err);
      if (this.failure?.reason !== reason) this.log.warn('market rates unavailable', { error: reason });
      this.failure = { at: this.now(), reason };
    }
  }
}
