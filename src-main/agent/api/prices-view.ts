// Which Cargos the owner can price, and at what: the catalog, what the coordinator recommended,
// what it dispatched here, and what config.toml already prices, each with its price, the price the
// next heartbeat asks, and the market rate beside it. Pure.
import type { CargoPriceView, PricesView } from '../../../src-shared/api/views';
import { priceFor, type PricingSettings } from '../../../src-shared/domain/pricing';
import type { MarketSnapshot } from './market-rates';

export interface PriceableCargo {
  slug: string;
  name: string;
  runtime: string | null;
}

export interface KnownCargos {
  catalog: readonly PriceableCargo[];
  /** slug → runtime, from the coordinator's preload recommendations. */
  recommended: ReadonlyMap<string, string | null>;
  /** From the ledger: Cargos this Island has run. */
  dispatched: ReadonlyArray<{ workload_id: string; runtime: string }>;
}

type Source = CargoPriceView['sources'][number];

export function pricesView(pricing: PricingSettings, known: KnownCargos, market: MarketSnapshot): PricesView {
  const bySlug = new Map<string, { name: string | null; runtime: string | null; sources: Set<Source> }>();
  const note = (slug: string, source: Source, name: string | null, runtime: string | null) => {
    const e = bySlug.get(slug) ?? { name: null, runtime: null, sources: new Set<Source>() };
    e.name ??= name;
    e.runtime ??= runtime;
    e.sources.add(source);
    bySlug.set(slug, e);
  };
  for (const c of known.catalog) note(c.slug, 'catalog', c.name, c.runtime);
  for (const [slug, runtime] of known.recommended) note(slug, 'recommended', null, runtime);
  for (const d of known.dispatched) note(d.workload_id, 'dispatched', null, d.runtime);
  for (const slug of Object.keys(pricing.workloads)) note(slug, 'configured', null, null);

  const order: Source[] = ['catalog', 'recommended', 'dispatched', 'configured'];
  const cargos: CargoPriceView[] = [...bySlug].map(([slug, e]) => ({
    slug,
    name: e.name ?? slug,
    runtime: e.runtime,
    price: pricing.workloads[slug] ?? null,
    effectivePrice: priceFor(pricing, slug),
    marketRate: market.rates.get(slug) ?? null,
    sources: order.filter((s) => e.sources.has(s)),
  }));
  cargos.sort((a, b) => a.name.localeCompare(b.name, 'en', { sensitivity: 'base' }) || a.slug.localeCompare(b.slug));
  return { defaultPrice: pricing.default_price ?? null, cargos, marketUnavailable: market.unavailable };
}
