// One inbound frame in, one response frame out: decoded strictly (src-shared/api/frames), handed
// to the method's handler, and every failure answered. An ApiFailure is the caller's to see as it
// is; anything else is logged and answered 'internal', never a crash and never silence.
import { decodeRequestFrame, type ResponseFrame } from '../../../src-shared/api/frames';
import type { ApiMethod, ApiParams, ApiResult } from '../../../src-shared/api/methods';
import { errorMessage } from '../../../src-shared/errors';
import type { Logger } from '../log/logger';
import { redactText } from '../log/redact';
import { ApiFailure } from './api-failure';

export type ApiHandlers = { [M in ApiMethod]: (params: ApiParams<M>) => Promise<ApiResult<M>> };

/**
 * A frame whose id cannot be decoded (not JSON, too large) is still answered, so the caller's call
 * fails at once instead of timing out: with the id read from the text when it is there, else 0
 * (clients number their calls from 1).
 */
export const UNREADABLE_FRAME_ID = 0;

export async function answerFrame(handlers: ApiHandlers, raw: unknown, log: Logger): Promise<ResponseFrame> {
  const decoded = decodeRequestFrame(raw);
  if (!decoded.ok) {
    log.debug('refused a dashboard frame', { error: decoded.error.message });
    return { kind: 'response', id: decoded.id ?? idFromText(raw), ok: false, error: decoded.error };
  }
  const { id, method } = decoded;
  try {
    const handler = handlers[method] as (params: unknown) => Promise<unknown>;
    return { kind: 'response', id, ok: true, result: await handler(decoded.params) };
  } catch (err) {
    if (err instanceof ApiFailure) return { kind: 'response', id, ok: false, error: err.toBody() };
    log.error('a dashboard request failed', { method, error: err instanceof Error ? (err.stack ?? err.message) : String(err) });
    return { kind: 'response', id, ok: false, error: { code: 'internal', message: `${method} failed: ${redactText(errorMessage(err))}` } };
  }
}

function idFromText(raw: unknown): number {
  if (typeof raw !== 'string') return UNREADABLE_FRAME_ID;
  const m = /"id"\s*:\s*(\d{1,15})\b/.exec(raw.slice(0, 256));
  return m ? Number(m[1]) : UNREADABLE_FRAME_ID;
}
