// "Why no jobs?" from the coordinator's side: Cargos whose asking price is above the market's
// clearing price. Left empty when the coordinator's API has no rates.
import type { IdleHints } from '../../../src-shared/domain/alerts/index';
import { priceFor, type PricingSettings } from '../../../src-shared/domain/pricing';
import type { MarketSnapshot } from '../api/market-rates';

export function pricesAboveMarket(pricing: PricingSettings, market: MarketSnapshot): IdleHints['pricesAboveMarket'] {
  const out: IdleHints['pricesAboveMarket'] = [];
  for (const [slug, rate] of market.rates) {
    const ask = Number(priceFor(pricing, slug) ?? NaN);
    if (Number.isFinite(ask) && rate > 0 && ask > rate) out.push({ slug, asking: ask, market: rate });
  }
  return out;
}
