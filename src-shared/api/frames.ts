// The envelope every API message travels in, over the headless WebSocket and over Electron IPC
// alike: the UI sends requests, the agent answers each by id and pushes events. The agent decodes
// every inbound frame strictly (a browser tab or a compromised renderer may send anything) and
// answers a bad one with an error that names the field, never by crashing or going silent.
import { z } from 'zod';
import type { ApiEvent } from './events';
import { apiParamSchemas, isApiMethod, type ApiMethod, type ApiParams } from './methods';

/** Frames above this size are refused before parsing. */
export const MAX_FRAME_BYTES = 64 * 1024;

export type ApiErrorCode = 'bad-request' | 'unknown-method' | 'not-available' | 'conflict' | 'internal';

export interface ApiErrorBody {
  code: ApiErrorCode;
  message: string;
  /** Dotted path of the offending field ("params.price"), when one is to blame. */
  field?: string;
}

export interface RequestFrame {
  kind: 'request';
  id: number;
  method: string;
  params: unknown;
}

export type ResponseFrame =
  | { kind: 'response'; id: number; ok: true; result: unknown }
  | { kind: 'response'; id: number; ok: false; error: ApiErrorBody };

export type EventFrame = { kind: 'event'; event: ApiEvent };

export type ServerFrame = ResponseFrame | EventFrame;

const requestFrameSchema = z.strictObject({
  kind: z.literal('request'),
  id: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
  method: z.string().max(64),
  params: z.unknown().optional(),
});

export type DecodedRequest =
  | { ok: true; id: number; method: ApiMethod; params: ApiParams<ApiMethod> }
  | { ok: false; id: number | null; error: ApiErrorBody };

function pathOf(path: ReadonlyArray<PropertyKey>): string {
  return path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('').replace(/^\./, '');
}

type Issue = z.core.$ZodIssue;

/** For a value that matches no branch of a union, the issue of the branch it came closest to (fewest issues). */
function mostSpecific(issue: Issue | undefined): { issue: Issue | undefined; path: PropertyKey[] } {
  if (issue?.code !== 'invalid_union' || issue.errors.length === 0) return { issue, path: issue ? [...issue.path] : [] };
  const closest = issue.errors.reduce((best, branch) => (branch.length < best.length ? branch : best));
  const inner = mostSpecific(closest[0]);
  return { issue: inner.issue, path: [...issue.path, ...inner.path] };
}

function firstIssue(error: z.ZodError, prefix: string): ApiErrorBody {
  const { issue, path } = mostSpecific(error.issues[0]);
  const where = issue ? pathOf(path) : '';
  const field = where ? `${prefix}.${where}`.replace(/\.\[/g, '[') : prefix;
  return { code: 'bad-request', message: `${field}: ${issue?.message ?? 'invalid'}`, field };
}

/** Decodes one inbound frame (text or an already structured-cloned object from IPC). */
export function decodeRequestFrame(raw: unknown): DecodedRequest {
  let value: unknown = raw;
  if (typeof raw === 'string') {
    if (raw.length > MAX_FRAME_BYTES) return { ok: false, id: null, error: { code: 'bad-request', message: `frame larger than ${MAX_FRAME_BYTES} bytes` } };
    try {
      value = JSON.parse(raw);
    } catch (err) {
      return { ok: false, id: null, error: { code: 'bad-request', message: `frame is not JSON: ${(err as Error).message}` } };
    }
  }
  const frame = requestFrameSchema.safeParse(value);
  if (!frame.success) {
    // NaN and ±Infinity (possible over IPC) would be `null` once the answer is JSON: not an id.
    const sent = (value as { id?: unknown } | null)?.id;
    const id = typeof sent === 'number' && Number.isFinite(sent) ? sent : null;
    return { ok: false, id, error: firstIssue(frame.error, 'frame') };
  }
  const { id, method } = frame.data;
  if (!isApiMethod(method)) return { ok: false, id, error: { code: 'unknown-method', message: `unknown method "${method}"`, field: 'method' } };
  const params = apiParamSchemas[method].safeParse(frame.data.params ?? {});
  if (!params.success) return { ok: false, id, error: firstIssue(params.error, 'params') };
  return { ok: true, id, method, params: params.data };
}
