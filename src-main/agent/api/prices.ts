// Asking prices from the dashboard: validated (by the param schema), written to config.toml keeping
// its comments, applied to the running Island so the next heartbeat's `asking_prices` carries them,
// and posted to the coordinator's asking-prices API when there is one. A failed post is logged and
// shown in the PricesView; it is not fatal, since the heartbeat carries the prices anyway.
import type { ApiEvent } from '../../../src-shared/api/events';
import type { AskingPricesSync, PricesView } from '../../../src-shared/api/views';
import { askingPrices, type PricingSettings } from '../../../src-shared/domain/pricing';
import type { AskingPricesRequest } from '../../../src-shared/coordinator-api/schemas';
import { errorMessage } from '../../../src-shared/errors';
import type { PreloadRecommendation } from '../../../src-shared/protocol/messages';
import type { Logger } from '../log/logger';
import type { ConfigStore } from './config-store';
import type { IslandPort } from './island-port';
import type { MarketRates } from './market-rates';
import { pricesView, type PriceableCargo } from './prices-view';

export interface AskingPricesSink {
  postAskingPrices(body: AskingPricesRequest): Promise<unknown>;
}

export interface PricesServiceDeps {
  island: Pick<IslandPort, 'hostId' | 'ledger' | 'setPricing'>;
  config: ConfigStore;
  market: MarketRates;
  api: () => AskingPricesSink | null;
  catalog: () => readonly PriceableCargo[];
  log: Logger;
  publish: (event: ApiEvent) => void;
  now?: () => number;
}

const priceField = () => 'params.price';

export class PricesService {
  private readonly recommended = new Map<string, string | null>();
  private sync: AskingPricesSync | null = null;
  private posting: Promise<void> = Promise.resolve();
  private readonly now: () => number;

  constructor(private readonly d: PricesServiceDeps) {
    this.now = d.now ?? Date.now;
  }

  noteRecommendation(rec: PreloadRecommendation): void {
    const known = this.recommended.has(rec.workload_slug);
    this.recommended.set(rec.workload_slug, rec.runtime_type);
    if (!known) this.d.publish({ type: 'prices', prices: this.build(this.d.market.cached()) });
  }

  async view(): Promise<PricesView> {
    return this.build(await this.d.market.current());
  }

  /** `price` null removes the Cargo's own price. */
  async set(slug: string, price: string | null): Promise<PricesView> {
    return this.change((p) => {
      if (price === null) delete p.workloads[slug];
      else p.workloads[slug] = price.trim();
    });
  }

  async setDefault(price: string | null): Promise<PricesView> {
    return this.change((p) => {
      if (price === null) delete p.default_price;
      else p.default_price = price.trim();
    });
  }

  /** Waits for posts under way (tests, shutdown). */
  settled(): Promise<void> {
    return this.posting;
  }

  private async change(edit: (pricing: PricingSettings) => void): Promise<PricesView> {
    const { config, changed } = await this.d.config.patch((c) => {
      edit(c.pricing);
      return c;
    }, priceField);
    if (changed) {
      this.d.island.setPricing(config.pricing);
      this.d.log.info('asking prices changed from the dashboard', { prices: JSON.stringify(askingPrices(config.pricing) ?? {}) });
      this.post();
    }
    const view = await this.view();
    this.d.publish({ type: 'prices', prices: view });
    return view;
  }

  /** One post at a time, each sending the prices in force when it starts, so the last one wins. */
  private post(): void {
    const api = this.d.api();
    if (!api) {
      this.sync = { state: 'not-configured' };
      return;
    }
    this.sync = { state: 'posting', since: this.now() };
    this.posting = this.posting.then(async () => {
      const prices = askingPrices(this.d.config.current.pricing);
      if (!prices) {
        this.sync = null;
        return;
      }
      try {
        await api.postAskingPrices({ host_id: this.d.island.hostId, prices });
        this.sync = { state: 'posted', at: this.now() };
      } catch (err) {
        this.sync = { state: 'failed', at: this.now(), error: errorMessage(err) };
        this.d.log.warn('could not post the asking prices to the coordinator API; the next heartbeat carries them', { error: errorMessage(err) });
      }
      this.d.publish({ type: 'prices', prices: this.build(this.d.market.cached()) });
    });
  }

  private build(market: ReturnType<MarketRates['cached']>): PricesView {
    const view = pricesView(
      this.d.config.current.pricing,
      { catalog: this.d.catalog(), recommended: this.recommended, dispatched: this.d.island.ledger.workloads() },
      market,
    );
    return { ...view, apiSync: this.sync };
  }
}
