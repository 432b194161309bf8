// Demand-driven preload, pull side (island-protocol.md §2.3, §7.6): every 15 minutes, when
// `[coordinator] api_url` is set, `GET {api_url}/api/v1/island/recommendations?host_id={id}`.
// The Rust Island made this call inline with no timeout, so a hung coordinator stalled its
// heartbeats (§12.2 quirk 16); here it runs on its own timer with a 10 s limit, and the answer is
// decoded as strictly as the Rust Island's serde does (one bad entry rejects the list).
import { decodeRecommendationsResponse } from '../../../../src-shared/protocol/decode';
import type { PreloadRecommendation } from '../../../../src-shared/protocol/messages';
import { errorMessage } from '../../../../src-shared/errors';
import type { Logger } from '../../log/logger';

export interface RecommendationsPollOptions {
  apiUrl: string;
  hostId: string;
  /** Default 15 min, as the Rust Island. */
  intervalMs?: number;
  /** Default 1 min: the Rust Island waited a whole interval before asking the first time. */
  firstDelayMs?: number;
  /** Default 10 s. */
  timeoutMs?: number;
  fetch?: typeof fetch;
}

export type PollResult = { ok: true; recommendations: PreloadRecommendation[] } | { ok: false; error: string };

const MAX_BODY_BYTES = 1024 * 1024;

export function recommendationsUrl(apiUrl: string, hostId: string): string {
  return `${apiUrl.replace(/\/+$/, '')}/api/v1/island/recommendations?host_id=${encodeURIComponent(hostId)}`;
}

export class RecommendationsPoll {
  private timer: NodeJS.Timeout | null = null;
  private stopped = true;
  private inflight = new AbortController();

  constructor(
    private readonly opts: RecommendationsPollOptions,
    private readonly onRecommendation: (rec: PreloadRecommendation) => void,
    private readonly log: Logger,
  ) {}

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.inflight = new AbortController();
    this.schedule(this.opts.firstDelayMs ?? 60_000);
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.inflight.abort();
  }

  /** One request; every recommendation in a good answer is handed on. Never throws. */
  async pollOnce(): Promise<PollResult> {
    const result = await this.request();
    if (!result.ok) {
      this.log.warn('could not get preload recommendations from the coordinator', { error: result.error });
      return result;
    }
    this.log.debug('preload recommendations received', { count: result.recommendations.length });
    for (const rec of result.recommendations) this.onRecommendation(rec);
    return result;
  }

  private schedule(ms: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      void this.pollOnce().finally(() => this.schedule(this.opts.intervalMs ?? 900_000));
    }, ms);
    this.timer.unref();
  }

  private async request(): Promise<PollResult> {
    const url = recommendationsUrl(this.opts.apiUrl, this.opts.hostId);
    const timeoutMs = this.opts.timeoutMs ?? 10_000;
    const timeout = AbortSignal.timeout(timeoutMs);
    try {
      const res = await (this.opts.fetch ?? fetch)(url, { signal: AbortSignal.any([timeout, this.inflight.signal]), headers: { accept: 'application/json' } });
      const length = Number(res.headers.get('content-length') ?? NaN);
      if (length > MAX_BODY_BYTES) {
        await res.body?.cancel();
        return { ok: false, error: `answer of ${length} bytes is over the ${MAX_BODY_BYTES}-byte limit` };
      }
      const body = await res.text();
      if (!res.ok) return { ok: false, error: `HTTP ${res.status} from ${url}` };
      if (body.length > MAX_BODY_BYTES) return { ok: false, error: `answer is over the ${MAX_BODY_BYTES}-byte limit` };
      const decoded = decodeRecommendationsResponse(body);
      if (!decoded.ok) return { ok: false, error: `unreadable answer from ${url}: ${decoded.error}` };
      return { ok: true, recommendations: decoded.value.recommendations };
    } catch (err) {
      if (timeout.aborted) return { ok: false, error: `no answer from ${url} within ${timeoutMs / 1000} s` };
      const cause = err instanceof Error && err.cause instanceof Error ? `: ${err.cause.message}` : '';
      return { ok: false, error: `${errorMessage(err)}${cause}` };
    }
  }
}
