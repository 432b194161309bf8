// Prices the reference quotes (product.md §3.1, §3.6), kept as the config writes them: decimal
// strings of credits per job. These are examples to start from, not market rates; the
// calculator's own per-job prices belong to the estimator's reference Cargos.

import type { PricePoint, RequestCostRange } from './types';

const DOCS_FOR_HOSTS = 'DOCS for-hosts [pricing.workloads] example';

/** Per-slug prices, by slug. */
export const SLUG_PRICE_GUIDANCE: Readonly<Record<string, readonly PricePoint[]>> = {
  'gguf-mistral-7b': [{ credits: '2.0', basis: 'asking-price', source: DOCS_FOR_HOSTS }],
  'gguf-qwen3.5-4b': [{ credits: '0.80', basis: 'asking-price', source: DOCS_FOR_HOSTS }],
  'image-gen': [{ credits: '5.0', basis: 'asking-price', source: DOCS_FOR_HOSTS }],
  'llm-chat': [
    { credits: '2.0', basis: 'asking-price', source: 'ISL heartbeat test fixture (asking_prices)' },
    { credits: '0.05', basis: 'preload-estimate', source: 'ISL preload recommendation test fixture (estimated_earnings_per_job)' },
  ],
};

/** `default_price = "1.0"` in the same example: what every other Cargo asks. */
export const DEFAULT_ASKING_PRICE_EXAMPLE: PricePoint = {
  credits: '1.0',
  basis: 'asking-price',
  source: 'DOCS for-hosts [pricing] default_price example',
};

export const APPROXIMATE_REQUEST_COSTS: readonly RequestCostRange[] = [
  { what: 'LLM chat, standard', minCredits: 1, maxCredits: 5, source: 'DOCS credits page' },
  { what: 'LLM chat, high quality', minCredits: 5, maxCredits: 20, source: 'DOCS credits page' },
  { what: 'Image generation', minCredits: 10, maxCredits: 50, source: 'DOCS credits page' },
];
