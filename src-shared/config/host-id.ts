// The host id is inserted verbatim into NATS subjects (`host.{id}.jobs`), so a bad one would make the
// Island subscribe to the wrong subjects or to wildcards. `/` and `\` are refused as well because
// the id also names files and consumer names (`host-{id}`).

export const HOST_ID_MAX_LENGTH = 128;

const FORBIDDEN = new Set(['.', '*', '>', '/', '\\']);

/** Why `id` cannot be a host id, or `undefined` when it can. */
export function hostIdProblem(id: string): string | undefined {
  const chars = [...id];
  if (chars.length === 0) return 'must not be empty';
  if (chars.length > HOST_ID_MAX_LENGTH) return `must be at most ${HOST_ID_MAX_LENGTH} characters (got ${chars.length})`;
  for (const ch of chars) {
    if (/\s/u.test(ch)) return 'must not contain whitespace';
    if (/[\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Cn}]/u.test(ch)) {
      return `must contain only printable characters (found U+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')})`;
    }
    if (FORBIDDEN.has(ch)) return `must not contain "${ch}" (it would break NATS subjects or file names)`;
  }
  return undefined;
}

export function isSafeHostId(id: unknown): id is string {
  return typeof id === 'string' && hostIdProblem(id) === undefined;
}
