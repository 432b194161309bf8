// `Content-Range: bytes <first>-<last>/<total|*>` of a 206 answer (RFC 9110 §14.4): a resumed
// download appends only when the server starts exactly where the partial file ends.

export interface ContentRange {
  first: number;
  last: number;
  /** null for `*` (length unknown). */
  total: number | null;
}

const RANGE = /^bytes (\d+)-(\d+)\/(\d+|\*)$/i;

export function parseContentRange(header: string | null | undefined): ContentRange | null {
  const m = header ? RANGE.exec(header.trim()) : null;
  if (!m) return null;
  const first = Number(m[1]);
  const last = Number(m[2]);
  const total = m[3] === '*' ? null : Number(m[3]);
  if (!Number.isSafeInteger(first) || !Number.isSafeInteger(last) || last < first) return null;
  if (total !== null && (!Number.isSafeInteger(total) || last >= total)) return null;
  return { first, last, total };
}

/**
 * What may go in `If-Range` (RFC 9110 §13.1.5): a strong ETag, else Last-Modified. A weak ETag
 * (`W/"…"`) never matches there, so a resume with one would always restart from zero.
 */
export function resumeValidator(etag: string | null | undefined, lastModified: string | null | undefined): string | null {
  const e = etag?.trim();
  if (e && !e.startsWith('W/')) return e;
  const lm = lastModified?.trim();
  return lm ? lm : null;
}
