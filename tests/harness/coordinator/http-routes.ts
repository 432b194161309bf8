// The owner-facing HTTP API (product.md §2, §3, §10; island-protocol.md §2.3, §10.1), answered
// from the coordinator's state. Strict on input like the rest of the harness: a request the real
// API might tolerate but that is not the documented shape gets a 400 that says why.
import * as z from 'zod';
import { encodeRecommendationsResponse, encodeUpdateInfo } from '../../../src-shared/protocol/encode';
import type {
  AskingPricesResponse,
  KarmaHistoryResponse,
  MarketHistoryResponse,
  MarketRateResponse,
  MarketRatesResponse,
} from './api-types';
import type { CoordinatorCore } from './core';
import { HttpError, RawJson, type Route } from './http-server';
import { DEFAULT_PRICE_KEY, isHistoryWindow, parseCredits } from './market';

const SLUG = /^[a-z0-9][a-z0-9._-]{0,127}$/;

const askingPricesBody = z
  .object({
    host_id: z.string().min(1, 'host_id must not be empty'),
    prices: z
      .record(
        z.string().refine((k) => k === DEFAULT_PRICE_KEY || SLUG.test(k), 'a workload slug (lower-case) or "_default"'),
        z.string().refine((v) => parseCredits(v) !== null, 'a decimal credits string such as "1.5"'),
      )
      .refine((p) => Object.keys(p).length > 0, 'prices must not be empty'),
  })
  .strict();

const iso = (ms: number): string => new Date(ms).toISOString();

export function apiRoutes(core: CoordinatorCore): Route[] {
  return [
    {
      method: 'GET',
      pattern: '/api/v1/hosts/:id/karma',
      handle: ({ params }) => ({ body: core.karmaResponse(params.id!) ?? notFound(`unknown host '${params.id}'`) }),
    },
    {
      method: 'GET',
      pattern: '/api/v1/hosts/:id/karma/history',
      handle: ({ params }) => {
        const hostId = params.id!;
        if (!core.hosts.has(hostId)) notFound(`unknown host '${hostId}'`);
        const body: KarmaHistoryResponse = {
          host_id: hostId,
          history: core.hosts.karmaHistory(hostId).map((e) => ({ timestamp: iso(e.at), karma: e.karma, reason: e.reason })),
        };
        return { body };
      },
    },
    {
      method: 'GET',
      pattern: '/api/v1/market/rates',
      handle: () => {
        const body: MarketRatesResponse = { updated_at: iso(core.now()), rates: core.marketRates() };
        return { body };
      },
    },
    {
      method: 'GET',
      pattern: '/api/v1/market/rates/:slug',
      handle: ({ params }) => {
        const rate = core.marketRate(params.slug!) ?? notFound(`no market for workload '${params.slug}'`);
        const body: MarketRateResponse = { ...rate, updated_at: iso(core.now()) };
        return { body };
      },
    },
    {
      method: 'GET',
      pattern: '/api/v1/market/history/:slug',
      handle: ({ params, query }) => {
        const slug = params.slug!;
        const window = query.get('window') ?? '24h';
        if (!isHistoryWindow(window)) throw new HttpError(400, `window must be one of 1h, 24h, 7d, 30d (got '${window}')`);
        const now = core.now();
        const points = core.market.history(slug, window, now, core.marketRate(slug, now) !== undefined);
        if (!points) notFound(`no market for workload '${slug}'`);
        const body: MarketHistoryResponse = {
          workload_slug: slug,
          window,
          points: points.map(({ at, ...summary }) => ({ timestamp: iso(at), ...summary })),
        };
        return { body };
      },
    },
    {
      method: 'POST',
      pattern: '/api/v1/market/asking-prices',
      handle: async (req) => {
        const parsed = askingPricesBody.safeParse(await req.json());
        if (!parsed.success) throw new HttpError(400, z.prettifyError(parsed.error));
        const { host_id, prices } = parsed.data;
        const stored = core.hosts.mergeAskingPrices(host_id, prices);
        if (!stored) throw new HttpError(400, `unknown host '${host_id}' (it has never registered or sent a heartbeat)`);
        core.changed();
        const body: AskingPricesResponse = { host_id, prices: stored };
        return { body };
      },
    },
    {
      method: 'GET',
      pattern: '/api/v1/network/stats',
      handle: () => ({ body: core.networkStats() }),
    },
    {
      method: 'GET',
      pattern: '/api/v1/island/recommendations',
      handle: ({ query }) => {
        const hostId = required(query, 'host_id');
        return { body: new RawJson(encodeRecommendationsResponse({ recommendations: core.recommendationsFor(hostId) })) };
      },
    },
    {
      method: 'GET',
      pattern: '/api/v1/agent/update',
      handle: ({ query }) => {
        const q = { version: required(query, 'version'), platform: required(query, 'platform'), host_id: required(query, 'host_id') };
        core.updateChecks.push({ at: core.now(), message: q, raw: new URLSearchParams(q).toString() });
        core.changed();
        const info = core.updateInfo?.(q) ?? { update_available: false };
        return { body: new RawJson(encodeUpdateInfo({ ...info, current_version: info.current_version ?? q.version })) };
      },
    },
  ];
}

function notFound(message: string): never {
  throw new HttpError(404, message);
}

function required(query: URLSearchParams, name: string): string {
  const v = query.get(name);
  if (v === null || v === '') throw new HttpError(400, `query parameter '${name}' is required`);
  return v;
}
