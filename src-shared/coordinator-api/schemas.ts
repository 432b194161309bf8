// The coordinator's owner-facing HTTP API as the app reads it (product.md §2, §3; the shapes the
// reference coordinator serves are tests/harness/coordinator/api-types.ts). Every answer is decoded
// here before anything uses it: a wrong type, a missing field or a bad timestamp is an error that
// names the field, never a silently wrong number on the dashboard. Keys the app does not know are
// ignored, so a coordinator that adds fields keeps working.
import { z } from 'zod';

const count = z.number().int().min(0);
const fraction = z.number().min(0).max(1);
/** ISO-8601 timestamps on the API; the app works in ms since epoch. */
const isoTime = z
  .string()
  .refine((s) => !Number.isNaN(Date.parse(s)), 'expected an ISO-8601 timestamp')
  .transform((s) => Date.parse(s));

export const karmaResponseSchema = z.object({
  host_id: z.string(),
  karma: z.number(),
  completed_jobs: count,
  failed_jobs: count,
  success_rate: fraction.nullable(),
  avg_latency_ms: z.number().min(0).nullable(),
  pending_minutes: z.number().min(0),
  monetization_unlocked: z.boolean(),
});

export const karmaHistoryResponseSchema = z.object({
  host_id: z.string(),
  history: z.array(z.object({ timestamp: isoTime, karma: z.number(), reason: z.string() })),
});

export const marketRateSchema = z.object({
  workload_slug: z.string(),
  clearing_price: z.number().min(0),
  avg_ask: z.number().nullable(),
  avg_bid: z.number().nullable(),
  active_supply: count,
  active_demand: count,
  jobs_cleared: count,
  surge_multiplier: z.number().positive(),
});

export const marketRatesResponseSchema = z.object({
  updated_at: isoTime,
  rates: z.array(marketRateSchema),
});

export const askingPricesResponseSchema = z.object({
  host_id: z.string(),
  prices: z.record(z.string(), z.string()),
});

export const networkStatsResponseSchema = z.object({
  online_islands: count,
  regions: count,
  jobs_completed: count,
});

export type KarmaResponse = z.output<typeof karmaResponseSchema>;
export type KarmaHistoryResponse = z.output<typeof karmaHistoryResponseSchema>;
export type MarketRate = z.output<typeof marketRateSchema>;
export type MarketRatesResponse = z.output<typeof marketRatesResponseSchema>;
export type AskingPricesResponse = z.output<typeof askingPricesResponseSchema>;
export type NetworkStatsResponse = z.output<typeof networkStatsResponseSchema>;

/** What POST /api/v1/market/asking-prices takes. */
export interface AskingPricesRequest {
  host_id: string;
  /** slug (or "_default") → decimal credits string. */
  prices: Record<string, string>;
}

export type Decoded<T> = { ok: true; value: T } | { ok: false; error: string };

/** Decodes a parsed JSON body; the error names the first offending field ("rates[0].clearing_price: ..."). */
export function decodeApiBody<S extends z.ZodType>(schema: S, body: unknown): Decoded<z.output<S>> {
  const r = schema.safeParse(body);
  if (r.success) return { ok: true, value: r.data };
  const issue = r.error.issues[0];
  const where = issue ? issue.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('').replace(/^\./, '') : '';
  return { ok: false, error: `${where || 'body'}: ${issue?.message ?? 'invalid'}` };
}
