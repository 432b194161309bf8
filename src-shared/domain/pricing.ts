// Asking prices (product.md §3.1): strings of credits per job, per Cargo slug, plus a default.
// They go out verbatim in every heartbeat's `asking_prices`, with the default under `_default`.

export interface PricingSettings {
  default_price?: string | undefined;
  workloads: Record<string, string>;
}

export const DEFAULT_PRICE_KEY = '_default';

/** The heartbeat's `asking_prices`, or undefined when no price is set (the key is then omitted). */
export function askingPrices(p: PricingSettings): Record<string, string> | undefined {
  const entries = Object.entries(p.workloads);
  if (p.default_price === undefined && entries.length === 0) return undefined;
  const out: Record<string, string> = {};
  for (const [slug, price] of entries) out[slug] = price;
  if (p.default_price !== undefined) out[DEFAULT_PRICE_KEY] = p.default_price;
  return out;
}

/** The price this Island asks for a Cargo: its own entry, else the default, else none. */
export function priceFor(p: PricingSettings, slug: string | null): string | null {
  if (slug !== null && p.workloads[slug] !== undefined) return p.workloads[slug];
  return p.default_price ?? null;
}

const PRICE_PATTERN = /^(0|[1-9]\d{0,8})(\.\d{1,6})?$/;

/** Checks a price an owner typed: a plain decimal number of credits, above zero, at most 6 decimals. */
export function validatePrice(text: string): string | null {
  const t = text.trim();
  if (!PRICE_PATTERN.test(t)) return `"${text}" is not a price: use a plain number of credits such as 1.5`;
  if (Number(t) <= 0) return 'a price must be above zero';
  return null;
}
