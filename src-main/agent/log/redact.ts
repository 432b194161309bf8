// Secrets never reach a log line, a log file or the dashboard's live log. The shipped Rust config
// embeds a NATS password in `nats_url`, and an HF token travels with model downloads, so both
// field names and text are scrubbed: by key (password, token, authorization, ...) and by shape
// (`scheme://user:pass@`, `Bearer <token>`, `hf_<token>`).
import type { LogFields } from './types';

export const REDACTED = '[redacted]';

const SECRET_SEGMENTS = new Set([
  'password', 'passwd', 'pass', 'pwd', 'passphrase', 'secret', 'secrets', 'token', 'authorization',
  'cookie', 'credential', 'credentials',
]);
const SECRET_JOINED = /(apikey|privatekey|accesskey|secretkey|hftoken|authtoken|sessionid)/;

/** `hf_token`, `password`, `apiKey`, `Authorization` → true; `tokens_generated`, `key_id` → false. */
export function isSecretKey(name: string): boolean {
  const segments = name.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase().split(/[^a-z0-9]+/).filter(Boolean);
  return segments.some((s) => SECRET_SEGMENTS.has(s)) || SECRET_JOINED.test(segments.join(''));
}

// The password runs greedily to the last `@` before the path, as it may itself contain `@`
// (the Rust Island does not percent-decode, so owners write such passwords raw).
const URL_USERINFO = /\b([a-z][a-z0-9+.-]*:\/\/)([^\s:/?#@]*)(:[^\s/?#]*)?@/gi;
// The Rust Island also accepts a URL without a scheme (`island:secret@host:4222`, §1.2).
const BARE_USERINFO = /(^|[\s=("'])([A-Za-z0-9._~-]+):([^\s/?#@]+)@(?=[A-Za-z0-9.-]+(?::\d+)?(?:[\s/)"']|$))/g;
const AUTH_SCHEME = /\b(Bearer|Basic|Token)\s+[A-Za-z0-9._~+/=-]{8,}/g;
const HF_TOKEN = /\bhf_[A-Za-z0-9]{16,}\b/g;

/** Scrubs credentials out of free text: `nats://u:p@h` → `nats://u:***@h`, a lone token `nats://t@h` → `nats://***@h`. */
export function redactText(text: string): string {
  return text
    .replace(URL_USERINFO, (_m, scheme: string, user: string, pass: string | undefined) => (pass === undefined ? `${scheme}***@` : `${scheme}${user}:***@`))
    .replace(BARE_USERINFO, '$1$2:***@')
    .replace(AUTH_SCHEME, '$1 ***')
    .replace(HF_TOKEN, 'hf_***');
}

const MAX_DEPTH = 8;
const MAX_ITEMS = 200;

/** Redacts and makes every value JSON-safe (Errors, bigints, Dates, buffers, cycles). */
export function sanitizeFields(fields: LogFields | undefined): LogFields {
  if (!fields) return {};
  const out = sanitize(fields, 0, new WeakSet());
  return out !== null && typeof out === 'object' && !Array.isArray(out) ? (out as LogFields) : { value: out };
}

function sanitize(value: unknown, depth: number, seen: WeakSet<object>): unknown {
  if (typeof value === 'string') return redactText(value);
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'function' || typeof value === 'symbol') return `[${typeof value}]`;
  if (value === null || typeof value !== 'object') return value;
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? 'Invalid Date' : value.toISOString();
  if (value instanceof Uint8Array) return `[${value.byteLength} bytes]`;
  if (seen.has(value)) return '[circular]';
  if (depth >= MAX_DEPTH) return '[…]';
  seen.add(value);
  try {
    if (value instanceof Error) return sanitizeError(value, depth, seen);
    if (Array.isArray(value)) return value.slice(0, MAX_ITEMS).map((v) => sanitize(v, depth + 1, seen));
    if (value instanceof Map) return sanitizeEntries([...value.entries()].map(([k, v]) => [String(k), v]), depth, seen);
    if (value instanceof Set) return [...value].slice(0, MAX_ITEMS).map((v) => sanitize(v, depth + 1, seen));
    return sanitizeEntries(Object.entries(value), depth, seen);
  } finally {
    seen.delete(value);
  }
}

function sanitizeEntries(entries: [string, unknown][], depth: number, seen: WeakSet<object>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, v] of entries) {
    // Numbers and booleans under a secret-sounding name (token counts, `password_set`) are not secrets.
    const secret = isSecretKey(key) && v !== null && v !== undefined && v !== '' && typeof v !== 'number' && typeof v !== 'boolean';
    Object.defineProperty(out, key, { value: secret ? REDACTED : sanitize(v, depth + 1, seen), enumerable: true, writable: true, configurable: true });
  }
  return out;
}

function sanitizeError(err: Error, depth: number, seen: WeakSet<object>): Record<string, unknown> {
  const out: Record<string, unknown> = { type: err.name, message: redactText(err.message) };
  const code = (err as { code?: unknown }).code;
  if (typeof code === 'string' || typeof code === 'number') out.code = code;
  if (err.stack) out.stack = redactText(err.stack);
  if (err.cause !== undefined) out.cause = sanitize(err.cause, depth + 1, seen);
  return out;
}
