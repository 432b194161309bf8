// Paths of the coordinator's owner-facing HTTP API (product.md §2.2, §3.1, §3.5, §10), relative to
// `[coordinator] api_url`.
export const COORDINATOR_API_PATHS = {
  karma: (hostId: string) => `/api/v1/hosts/${encodeURIComponent(hostId)}/karma`,
  karmaHistory: (hostId: string) => `/api/v1/hosts/${encodeURIComponent(hostId)}/karma/history`,
  marketRates: () => '/api/v1/market/rates',
  askingPrices: () => '/api/v1/market/asking-prices',
  networkStats: () => '/api/v1/network/stats',
} as const;
