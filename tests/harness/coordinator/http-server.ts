// A small JSON-over-HTTP server on 127.0.0.1 (node:http, no framework): routes with `:params`,
// JSON errors for everything (404 for unknown routes, 405 for a known path with another method),
// and a record of each request so tests can assert what the app asked for.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { LOOPBACK } from '../net';

const MAX_BODY_BYTES = 64 * 1024;

export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** JSON text that is already encoded (by the protocol's encoders) and must be sent verbatim. */
export class RawJson {
  constructor(readonly text: string) {}
}

export interface HttpRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  params: Record<string, string>;
  /** The body parsed as JSON; throws HttpError(400) when it is not JSON. */
  json(): Promise<unknown>;
}

export interface HttpReply {
  status?: number;
  body: unknown;
}

export interface Route {
  method: 'GET' | 'POST';
  /** e.g. `/api/v1/hosts/:id/karma` */
  pattern: string;
  handle(req: HttpRequest): HttpReply | Promise<HttpReply>;
}

export interface RunningHttpServer {
  port: number;
  close(): Promise<void>;
}

interface Compiled extends Route {
  regex: RegExp;
  names: string[];
}

export async function startHttpServer(
  port: number,
  routes: readonly Route[],
  onRequest: (method: string, path: string, status: number) => void,
): Promise<RunningHttpServer> {
  const compiled = routes.map(compile);
  const server = createServer((req, res) => {
    void serve(compiled, req, res).then((status) => onRequest(req.method ?? '', pathOf(req), status));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, LOOPBACK, () => resolve());
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

async function serve(routes: readonly Compiled[], req: IncomingMessage, res: ServerResponse): Promise<number> {
  const url = new URL(req.url ?? '/', `http://${LOOPBACK}`);
  const method = req.method ?? 'GET';
  let reply: HttpReply;
  try {
    const match = findRoute(routes, method, url.pathname);
    if (match === 'wrong-method') throw new HttpError(405, `method ${method} not allowed on ${url.pathname}`);
    if (!match) throw new HttpError(404, `no route for ${method} ${url.pathname}`);
    reply = await match.route.handle({
      method,
      path: url.pathname,
      query: url.searchParams,
      params: match.params,
      json: () => readJson(req),
    });
  } catch (err) {
    const status = err instanceof HttpError ? err.status : 500;
    reply = { status, body: { error: err instanceof Error ? err.message : String(err) } };
  }
  const status = reply.status ?? 200;
  const text = reply.body instanceof RawJson ? reply.body.text : JSON.stringify(reply.body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
  res.end(text);
  return status;
}

function findRoute(routes: readonly Compiled[], method: string, path: string): { route: Compiled; params: Record<string, string> } | 'wrong-method' | null {
  let pathMatched = false;
  for (const route of routes) {
    const m = route.regex.exec(path);
    if (!m) continue;
    pathMatched = true;
    if (route.method !== method) continue;
    const params: Record<string, string> = {};
    route.names.forEach((name, i) => (params[name] = decodeURIComponent(m[i + 1] ?? '')));
    return { route, params };
  }
  return pathMatched ? 'wrong-method' : null;
}

function compile(route: Route): Compiled {
  const names: string[] = [];
  const source = route.pattern
    .split('/')
    .map((seg) => {
      if (!seg.startsWith(':')) return seg.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      names.push(seg.slice(1));
      return '([^/]+)';
    })
    .join('/');
  return { ...route, regex: new RegExp(`^${source}$`), names };
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new HttpError(413, `body larger than ${MAX_BODY_BYTES} bytes`);
    chunks.push(chunk as Buffer);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new HttpError(400, 'body is not valid JSON');
  }
}

function pathOf(req: IncomingMessage): string {
  return new URL(req.url ?? '/', `http://${LOOPBACK}`).pathname;
}
