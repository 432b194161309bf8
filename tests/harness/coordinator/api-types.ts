// The coordinator's HTTP API as the reference coordinator serves it (product.md §2, §3, §10;
// island-protocol.md §2.3). One file on purpose: the app's HTTP client can be type-checked against
// these shapes. The protocol reference publishes no field lists for the owner-facing endpoints,
// so where the docs are silent the choices are ours and marked so:
//   * timestamps are ISO-8601 UTC strings (what a Phoenix API emits), unlike NATS messages (ms);
//   * prices and rates are JSON numbers in credits, rounded to 4 decimals; asking prices stay
//     decimal strings as in config.toml and heartbeats;
//   * a value that cannot be known yet is null, never 0.
import type { PreloadRecommendation, RecommendationsResponse, UpdateInfo } from '../../../src-shared/protocol/messages';

export type { PreloadRecommendation, RecommendationsResponse, UpdateInfo };

export const API_PATHS = {
  karma: (hostId: string) => `/api/v1/hosts/${encodeURIComponent(hostId)}/karma`,
  karmaHistory: (hostId: string) => `/api/v1/hosts/${encodeURIComponent(hostId)}/karma/history`,
  marketRates: () => '/api/v1/market/rates',
  marketRate: (slug: string) => `/api/v1/market/rates/${encodeURIComponent(slug)}`,
  marketHistory: (slug: string, window: MarketWindow) => `/api/v1/market/history/${encodeURIComponent(slug)}?window=${window}`,
  askingPrices: () => '/api/v1/market/asking-prices',
  networkStats: () => '/api/v1/network/stats',
  recommendations: (hostId: string) => `/api/v1/island/recommendations?host_id=${encodeURIComponent(hostId)}`,
  agentUpdate: (q: { version: string; platform: string; host_id: string }) =>
    `/api/v1/agent/update?${new URLSearchParams(q).toString()}`,
} as const;

/** Every non-2xx answer. */
export interface ApiError {
  error: string;
}

/** GET /api/v1/hosts/:id/karma (docs model, product.md §2.2). */
export interface KarmaResponse {
  host_id: string;
  karma: number;
  /** Jobs that succeeded. */
  completed_jobs: number;
  /** Jobs that failed, timed out or let their lease expire. */
  failed_jobs: number;
  /** completed / (completed + failed), 0..1 (ours: a fraction, not a percentage); null before any job ended. */
  success_rate: number | null;
  /** Mean of the `nats_rtt_ms` the Island reported in its heartbeats (ours); null if none. */
  avg_latency_ms: number | null;
  /** Effective minutes not yet turned into karma (0..59). */
  pending_minutes: number;
  /** karma ≥ 10 (product.md §2.2 "+10 karma unlocks monetization"). */
  monetization_unlocked: boolean;
}

export interface KarmaHistoryEntry {
  timestamp: string;
  /** Karma after the event. */
  karma: number;
  /** Why it changed, for people: "registered", "job 3f…: +1 (67 pending minutes)", "job 3f… failed". */
  reason: string;
}

/** GET /api/v1/hosts/:id/karma/history, oldest first. */
export interface KarmaHistoryResponse {
  host_id: string;
  history: KarmaHistoryEntry[];
}

export interface MarketRate {
  workload_slug: string;
  /** The market rate: average clearing price of recent jobs × surge, else the Cargo default price. */
  clearing_price: number;
  /** Mean ask of online Islands for this slug (their `_default` where they have no specific ask). */
  avg_ask: number | null;
  /** Mean consumer bid of recent jobs. */
  avg_bid: number | null;
  /** Online Islands. */
  active_supply: number;
  /** Jobs queued (dispatched, not yet started). */
  active_demand: number;
  /** Jobs dispatched within the rate window. */
  jobs_cleared: number;
  /** 1 or 1.25 (product.md §3.3). */
  surge_multiplier: number;
}

/** GET /api/v1/market/rates */
export interface MarketRatesResponse {
  updated_at: string;
  rates: MarketRate[];
}

/** GET /api/v1/market/rates/:slug */
export type MarketRateResponse = MarketRate & { updated_at: string };

export type MarketWindow = '1h' | '24h' | '7d' | '30d';

export interface MarketHistoryPoint {
  /** Start of the bucket (5 min for 1h, 1 h for 24h, 6 h for 7d, 1 day for 30d). */
  timestamp: string;
  avg: number;
  min: number;
  max: number;
  median: number;
}

/** GET /api/v1/market/history/:slug?window=1h|24h|7d|30d (default 24h), oldest first. */
export interface MarketHistoryResponse {
  workload_slug: string;
  window: MarketWindow;
  points: MarketHistoryPoint[];
}

/** POST /api/v1/market/asking-prices */
export interface AskingPricesRequest {
  host_id: string;
  /** slug (or "_default") → decimal credits string, e.g. "1.5". */
  prices: Record<string, string>;
}

/** 200 reply: every ask now stored for the host (the posted ones merged into the heartbeat's). */
export interface AskingPricesResponse {
  host_id: string;
  prices: Record<string, string>;
}

/** GET /api/v1/network/stats (product.md §10). */
export interface NetworkStatsResponse {
  online_islands: number;
  /** Distinct regions among online Islands (ours: a count). */
  regions: number;
  jobs_completed: number;
}
