// The coordinator's owner-facing HTTP API (`[coordinator] api_url`): karma, market rates, asking
// prices. Every call has a timeout and every answer is decoded strictly (src-shared/coordinator-api),
// so a failure reads like "GET /api/v1/market/rates: HTTP 503: maintenance" and names what was wrong.
import type { z } from 'zod';
import { IslandError, errorMessage } from '../../../src-shared/errors';
import { COORDINATOR_API_PATHS as PATHS } from '../../../src-shared/coordinator-api/paths';
import {
  askingPricesResponseSchema,
  decodeApiBody,
  karmaHistoryResponseSchema,
  karmaResponseSchema,
  marketRatesResponseSchema,
  networkStatsResponseSchema,
  type AskingPricesRequest,
  type AskingPricesResponse,
  type KarmaHistoryResponse,
  type KarmaResponse,
  type MarketRatesResponse,
  type NetworkStatsResponse,
} from '../../../src-shared/coordinator-api/schemas';

export class CoordinatorApiError extends IslandError {
  override name = 'CoordinatorApiError';
  /** The HTTP status when the coordinator answered, else null (timeout, refused, ...). */
  readonly status: number | null;

  constructor(message: string, status: number | null, options?: { cause?: unknown }) {
    super(message, options);
    this.status = status;
  }
}

export interface CoordinatorHttpApiOptions {
  /** `[coordinator] api_url`, e.g. `https://app.archipelag.io` (a path prefix is kept). */
  baseUrl: string;
  fetch?: typeof fetch;
  timeoutMs?: number;
}

/** Answers larger than this are refused: no legitimate one comes close. */
const MAX_BODY_CHARS = 4 * 1024 * 1024;

export class CoordinatorHttpApi {
  private readonly base: string;
  private readonly fetchFn: typeof fetch;
  private readonly timeoutMs: number;

  constructor(opts: CoordinatorHttpApiOptions) {
    this.base = opts.baseUrl.replace(/\/+$/, '');
    this.fetchFn = opts.fetch ?? fetch;
    this.timeoutMs = opts.timeoutMs ?? 5_000;
  }

  get baseUrl(): string {
    return this.base;
  }

  karma(hostId: string): Promise<KarmaResponse> {
    return this.call('GET', PATHS.karma(hostId), karmaResponseSchema);
  }

  karmaHistory(hostId: string): Promise<KarmaHistoryResponse> {
    return this.call('GET', PATHS.karmaHistory(hostId), karmaHistoryResponseSchema);
  }

  marketRates(): Promise<MarketRatesResponse> {
    return this.call('GET', PATHS.marketRates(), marketRatesResponseSchema);
  }

  networkStats(): Promise<NetworkStatsResponse> {
    return this.call('GET', PATHS.networkStats(), networkStatsResponseSchema);
  }

  postAskingPrices(body: AskingPricesRequest): Promise<AskingPricesResponse> {
    return this.call('POST', PATHS.askingPrices(), askingPricesResponseSchema, body);
  }

  private async call<S extends z.ZodType>(method: 'GET' | 'POST', path: string, schema: S, body?: unknown): Promise<z.output<S>> {
    const what = `${method} ${path}`;
    let res: Response;
    let text: string;
    try {
      res = await this.fetchFn(this.base + path, {
        method,
        headers: body === undefined ? { accept: 'application/json' } : { accept: 'application/json', 'content-type': 'application/json' },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        signal: AbortSignal.timeout(this.timeoutMs),
        redirect: 'error',
      });
      text = await res.text();
    } catch (err) {
      const e = err as Error & { cause?: { code?: string; message?: string } };
      if (e.name === 'TimeoutError' || e.name === 'AbortError') {
        throw new CoordinatorApiError(`${what}: no answer from ${this.base} within ${this.timeoutMs / 1000} s`, null, { cause: err });
      }
      const detail = e.cause?.code ?? e.cause?.message ?? errorMessage(err);
      throw new CoordinatorApiError(`${what}: cannot reach ${this.base}: ${detail}`, null, { cause: err });
    }
    if (!res.ok) throw new CoordinatorApiError(`${what}: HTTP ${res.status}${errorText(text)}`, res.status);
    if (text.length > MAX_BODY_CHARS) throw new CoordinatorApiError(`${what}: the answer is larger than ${MAX_BODY_CHARS} characters`, res.status);
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      throw new CoordinatorApiError(`${what}: the answer is not JSON`, res.status);
    }
    const decoded = decodeApiBody(schema, json);
    if (!decoded.ok) throw new CoordinatorApiError(`${what}: unexpected answer: ${decoded.error}`, res.status);
    return decoded.value;
  }
}

/** `: <error>` from a `{"error": "..."}` body, kept short; nothing when the body says nothing useful. */
function errorText(body: string): string {
  try {
    const parsed = JSON.parse(body) as { error?: unknown };
    if (typeof parsed.error === 'string' && parsed.error) return `: ${parsed.error.slice(0, 300)}`;
  } catch {
    // not JSON: fall through
  }
  const t = body.trim();
  return t && t.length <= 200 && !t.startsWith('<') ? `: ${t}` : '';
}
