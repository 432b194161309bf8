// One GET with redirects followed by hand, so that each hop decides afresh which headers it gets:
// a Hugging Face token goes to Hugging Face hosts only, never to another host a redirect names
// (fetch's automatic redirects would carry it along). node:http rather than fetch: it streams a
// multi-gigabyte body with half the CPU of fetch's web streams (measured for bench/model-download).
import http, { type IncomingHttpHeaders, type IncomingMessage } from 'node:http';
import https from 'node:https';

export interface HttpGetOptions {
  headers: Record<string, string>;
  /** The Authorization value for a URL, or undefined to send none there. Asked at every hop. */
  authorization(url: URL): string | undefined;
  signal: AbortSignal;
  /** No bytes for this long (connecting, waiting for headers, or mid-body): the request fails. */
  idleTimeoutMs: number;
  maxRedirects?: number;
}

export interface HttpAnswer {
  status: number;
  headers: IncomingHttpHeaders;
  /** The URL that answered (after redirects). */
  url: URL;
  body: IncomingMessage;
}

/** A network-level failure (refused, reset, timed out, too many redirects): worth retrying. */
export class NetworkError extends Error {
  override name = 'NetworkError';
}

/** A redirect that can never lead to the file (a loop, another scheme): retrying would not help. */
export class RedirectError extends Error {
  override name = 'RedirectError';
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);

export async function httpGet(start: URL, opts: HttpGetOptions): Promise<HttpAnswer> {
  const max = opts.maxRedirects ?? 10;
  let url = start;
  for (let hop = 0; ; hop++) {
    const auth = opts.authorization(url);
    const headers = auth === undefined ? opts.headers : { ...opts.headers, authorization: auth };
    const res = await requestOnce(url, headers, opts);
    const location = res.headers.location;
    if (!REDIRECTS.has(res.statusCode ?? 0) || !location) return { status: res.statusCode ?? 0, headers: res.headers, url, body: res };
    res.resume(); // discard the redirect's own body; the socket goes back to the agent
    if (hop >= max) throw new RedirectError(`more than ${max} redirects starting at ${start.origin}`);
    let next: URL;
    try {
      next = new URL(location, url);
    } catch {
      throw new RedirectError(`redirect to an invalid location ${JSON.stringify(location)} from ${url.origin}`);
    }
    if (next.protocol !== 'http:' && next.protocol !== 'https:') throw new RedirectError(`redirect to a non-http(s) URL (${next.protocol}) from ${url.origin}`);
    url = next;
  }
}

function requestOnce(url: URL, headers: Record<string, string>, opts: HttpGetOptions): Promise<IncomingMessage> {
  const mod = url.protocol === 'https:' ? https : http;
  return new Promise<IncomingMessage>((resolve, reject) => {
    let response: IncomingMessage | null = null;
    const req = mod.get(url, { headers, signal: opts.signal }, (res) => {
      response = res;
      resolve(res);
    });
    // The socket's idle timer keeps running while the body streams, so a stalled body fails too.
    req.setTimeout(opts.idleTimeoutMs, () => {
      const err = new NetworkError(`no data from ${url.host} for ${Number((opts.idleTimeoutMs / 1000).toFixed(1))} s`);
      if (response) response.destroy(err);
      req.destroy(err);
    });
    req.on('error', (err) => reject(opts.signal.aborted ? err : asNetworkError(err, url)));
  });
}

/** `connect ECONNREFUSED 127.0.0.1:8080` says more than "socket hang up" alone. */
export function asNetworkError(err: unknown, url: URL): Error {
  if (err instanceof NetworkError) return err;
  const e = err as NodeJS.ErrnoException;
  const detail = e?.message || String(err);
  return new NetworkError(`${url.host}: ${detail}`, { cause: err });
}
