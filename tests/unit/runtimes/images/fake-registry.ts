// An in-memory stand-in for `fetch` against registries, for unit tests of the HTTP rules (the
// integration test uses the real docker-registry): routes by full URL, records every request.
import { createHash } from 'node:crypto';

export interface Route {
  status?: number;
  headers?: Record<string, string>;
  body?: string | Buffer;
}

export interface RecordedRequest {
  url: string;
  method: string;
  headers: Record<string, string>;
}

export function fakeFetch(routes: Record<string, Route | ((req: RecordedRequest) => Route)>) {
  const requests: RecordedRequest[] = [];
  const fn = (async (input: string | URL | Request, init?: RequestInit) => {
    const url = String(input instanceof Request ? input.url : input);
    const headers: Record<string, string> = {};
    new Headers(init?.headers).forEach((v, k) => (headers[k] = v));
    const req = { url, method: init?.method ?? 'GET', headers };
    requests.push(req);
    const route = routes[url];
    if (!route) return new Response('{"errors":[{"code":"NOT_FOUND","message":"no route"}]}', { status: 404 });
    const r = typeof route === 'function' ? route(req) : route;
    return new Response(r.body === undefined ? null : new Uint8Array(typeof r.body === 'string' ? Buffer.from(r.body) : r.body), { status: r.status ?? 200, headers: r.headers });
  }) as typeof fetch;
  return { fetch: fn, requests };
}

export function sha256(bytes: Buffer | string): string {
  return `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
}
