// Docker's errors, in words: dockerode puts the engine's own message in `json.message` and a long
// "(HTTP code 404) no such container - ..." text in `message`.

interface DockerodeError {
  code?: string;
  statusCode?: number;
  reason?: string;
  json?: { message?: string } | null;
  message?: string;
}

const UNREACHABLE = new Set(['ENOENT', 'ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'EACCES', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENOTCONN']);

/** The engine's message, or the error's own. */
export function dockerMessage(err: unknown): string {
  const e = err as DockerodeError | null;
  const fromEngine = e?.json?.message?.trim();
  if (fromEngine) return fromEngine;
  if (err instanceof Error) return err.message.replace(/^\(HTTP code \d+\)\s*/, '').trim() || err.name;
  return String(err);
}

export function statusCodeOf(err: unknown): number | undefined {
  return (err as DockerodeError | null)?.statusCode;
}

/** A connection the engine held open for a running job broke: the engine went away under it. */
export class DockerGoneError extends Error {
  override readonly name = 'DockerGoneError';
}

/** The engine could not be reached at all (not a refusal by a running engine). */
export function isDockerUnreachable(err: unknown): boolean {
  if (err instanceof DockerGoneError) return true;
  const code = (err as DockerodeError | null)?.code;
  return typeof code === 'string' && UNREACHABLE.has(code);
}

/** 404 (already gone) and 409 (not running, removal in progress) mean there is nothing left to do. */
export function isAlreadyGone(err: unknown): boolean {
  const s = statusCodeOf(err);
  return s === 404 || s === 409;
}
