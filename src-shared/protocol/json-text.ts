// Bytes → text → JSON value, with failures as values rather than exceptions.

export type TextResult = { ok: true; text: string } | { ok: false; error: string };

const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
const lossyUtf8 = new TextDecoder('utf-8', { fatal: false, ignoreBOM: true });

/** The payload as text. Bytes must be valid UTF-8; a byte-order mark is kept, so JSON rejects it as serde does. */
export function toText(data: Uint8Array | string): TextResult {
  if (typeof data === 'string') return { ok: true, text: data };
  try {
    return { ok: true, text: strictUtf8.decode(data) };
  } catch {
    return { ok: false, error: 'not UTF-8' };
  }
}

/** Best-effort text for salvaging fields out of a payload that is not valid JSON or UTF-8. */
export function toLossyText(data: Uint8Array | string): string {
  return typeof data === 'string' ? data : lossyUtf8.decode(data);
}

/** A parsed document with the text it came from (number-tokens.ts reads number spellings from it). */
export interface ParsedJson {
  value: unknown;
  text: string;
}

export type JsonResult = { ok: true; json: ParsedJson } | { ok: false; error: string };

export function parseJson(text: string): JsonResult {
  try {
    return { ok: true, json: { value: JSON.parse(text) as unknown, text } };
  } catch (e) {
    // V8 quotes the payload in its message; its control characters (a newline) would split a log line.
    const reason = (e instanceof Error ? e.message : String(e)).replace(/\p{Cc}/gu, (c) => JSON.stringify(c).slice(1, -1));
    return { ok: false, error: `not JSON (${reason})` };
  }
}
