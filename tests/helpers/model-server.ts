// A real HTTP server on 127.0.0.1 for model downloads: files with strong ETags, Last-Modified
// and byte ranges (If-Range honoured), a Hugging Face API stand-in (`/api/models/<repo>`),
// redirects, and faults injected per request: a corrupted byte, a connection dropped mid-body,
// an error status, a slow body. Every request is recorded with its headers, so a test can prove
// what was (or was not) sent and how many bytes went out.
import { createHash } from 'node:crypto';
import { createReadStream, statSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type Fault =
  /** Send the headers for the whole answer, then close the connection after this many body bytes. */
  | { kind: 'drop'; afterBytes: number }
  /** Send this many body bytes, then nothing more (the connection stays open) until the client gives up. */
  | { kind: 'stall'; afterBytes: number }
  /** Flip one byte of the body (at this offset of the file). */
  | { kind: 'corrupt'; at: number }
  | { kind: 'status'; status: number };

export interface ServedFile {
  /** The content, in memory; or `file`, streamed from disk (no faults then). */
  bytes?: Uint8Array;
  file?: string;
  /** Strong ETag (default: from the content's hash); false sends none. */
  etag?: string | false;
  /** false sends none (default: a fixed date). */
  lastModified?: string | false;
  /** Honour Range (default true). */
  ranges?: boolean;
  /** No Content-Length: a chunked body. */
  chunked?: boolean;
  /** Pace the body at this many bytes per second. */
  bytesPerSecond?: number;
  /** Faults for the next requests, one per request, in order (then none). */
  faults?: Fault[];
  /** Faults for every request. */
  always?: Fault;
}

export interface RecordedRequest {
  /** performance.now() when it arrived, and when its answer ended (null while it runs). */
  at: number;
  endedAt: number | null;
  path: string;
  headers: IncomingHttpHeaders;
  status: number;
  /** Body bytes written for this request. */
  bodyBytes: number;
}

export interface ModelServer {
  readonly origin: string;
  url(path: string): string;
  serve(path: string, file: ServedFile): void;
  /** `GET <path>` answers `status` with `Location: <to>`. */
  redirect(path: string, to: string, status?: number): void;
  /** The Hugging Face API answer for `/api/models/<repo>`: siblings with these file names, or a raw body/status. */
  hfRepo(repo: string, files: string[] | { status: number; body?: string }): void;
  requests(path?: string): RecordedRequest[];
  bodyBytes(path: string): number;
  /** Called when a request arrives (before answering). */
  onRequest(fn: ((path: string, headers: IncomingHttpHeaders) => void) | null): void;
  close(): Promise<void>;
}

const LAST_MODIFIED = 'Wed, 21 Oct 2026 07:28:00 GMT';
const CHUNK = 64 * 1024;

export async function startModelServer(): Promise<ModelServer> {
  const files = new Map<string, ServedFile>();
  const redirects = new Map<string, { to: string; status: number }>();
  const repos = new Map<string, { status: number; body: string }>();
  const log: RecordedRequest[] = [];
  let hook: ((path: string, headers: IncomingHttpHeaders) => void) | null = null;

  const server: Server = createServer((req, res) => {
    const path = decodeURI((req.url ?? '/').split('?')[0]!);
    const rec: RecordedRequest = { at: performance.now(), endedAt: null, path, headers: req.headers, status: 0, bodyBytes: 0 };
    res.on('close', () => (rec.endedAt = performance.now()));
    log.push(rec);
    hook?.(path, req.headers);
    const answer = (status: number, headers: Record<string, string | number> = {}, body = '') => {
      rec.status = status;
      res.writeHead(status, headers).end(body);
    };
    const redirect = redirects.get(path);
    if (redirect) return answer(redirect.status, { location: redirect.to });
    if (path.startsWith('/api/models/')) {
      const repo = repos.get(path.slice('/api/models/'.length));
      if (!repo) return answer(404, { 'content-type': 'application/json' }, '{"error":"Repository not found"}');
      return answer(repo.status, { 'content-type': 'application/json' }, repo.body);
    }
    const file = files.get(path);
    if (!file) return answer(404, {}, 'not found');
    const fault = file.faults?.shift() ?? file.always;
    if (fault?.kind === 'status') return answer(fault.status, {}, `fault ${fault.status}`);
    void sendFile(req, res, file, fault, rec).catch(() => res.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    url: (path) => `${origin}${path.startsWith('/') ? '' : '/'}${path}`,
    serve: (path, file) => void files.set(path.startsWith('/') ? path : `/${path}`, file),
    redirect: (path, to, status = 302) => void redirects.set(path, { to, status }),
    hfRepo: (repo, spec) =>
      void repos.set(repo, Array.isArray(spec) ? { status: 200, body: JSON.stringify({ id: repo, siblings: spec.map((rfilename) => ({ rfilename })) }) } : { status: spec.status, body: spec.body ?? '' }),
    requests: (path) => (path === undefined ? [...log] : log.filter((r) => r.path === path)),
    bodyBytes: (path) => log.filter((r) => r.path === path).reduce((n, r) => n + r.bodyBytes, 0),
    onRequest: (fn) => void (hook = fn),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function sizeOf(file: ServedFile): number {
  if (file.bytes) return file.bytes.length;
  if (file.file) return statSync(file.file).size;
  throw new Error('ServedFile needs bytes or file');
}

function etagOf(file: ServedFile): string | null {
  if (file.etag === false) return null;
  if (file.etag !== undefined) return file.etag;
  const h = createHash('sha256');
  if (file.bytes) h.update(file.bytes);
  else h.update(`${file.file}:${statSync(file.file!).mtimeMs}`);
  return `"${h.digest('hex').slice(0, 16)}"`;
}

/** The byte range to send: the whole file, or `bytes=<n>-[<m>]` when allowed and If-Range matches. */
function rangeOf(req: IncomingMessage, file: ServedFile, size: number, etag: string | null, lastModified: string | null): { start: number; end: number } | 'unsatisfiable' | null {
  const header = req.headers.range;
  if (!header || file.ranges === false) return null;
  const ifRange = req.headers['if-range'];
  if (ifRange !== undefined && ifRange !== etag && ifRange !== lastModified) return null;
  const m = /^bytes=(\d+)-(\d*)$/.exec(header);
  if (!m) return null;
  const start = Number(m[1]);
  const end = m[2] ? Math.min(Number(m[2]), size - 1) : size - 1;
  if (start >= size || end < start) return 'unsatisfiable';
  return { start, end };
}

async function sendFile(req: IncomingMessage, res: ServerResponse, file: ServedFile, fault: Fault | undefined, rec: RecordedRequest): Promise<void> {
  const size = sizeOf(file);
  const etag = etagOf(file);
  const lastModified = file.lastModified === false ? null : (file.lastModified ?? LAST_MODIFIED);
  const range = rangeOf(req, file, size, etag, lastModified);
  if (range === 'unsatisfiable') {
    rec.status = 416;
    res.writeHead(416, { 'content-range': `bytes */${size}` }).end();
    return;
  }
  const start = range?.start ?? 0;
  const end = range?.end ?? size - 1;
  const headers: Record<string, string | number> = { 'content-type': 'application/octet-stream', 'accept-ranges': file.ranges === false ? 'none' : 'bytes' };
  if (etag) headers.etag = etag;
  if (lastModified) headers['last-modified'] = lastModified;
  if (!file.chunked) headers['content-length'] = end - start + 1;
  if (range) headers['content-range'] = `bytes ${start}-${end}/${size}`;
  rec.status = range ? 206 : 200;
  res.writeHead(rec.status, headers);
  if (file.file && !file.bytes) {
    const stream = createReadStream(file.file, { start, end, highWaterMark: 1024 * 1024 });
    stream.on('data', (c) => (rec.bodyBytes += c.length));
    stream.pipe(res);
    return;
  }
  await writeBody(res, file, fault, start, end + 1, rec);
}

async function writeBody(res: ServerResponse, file: ServedFile, fault: Fault | undefined, start: number, stop: number, rec: RecordedRequest): Promise<void> {
  const bytes = file.bytes!;
  // Paced like a link: byte n leaves no earlier than n / rate after the first, however long the
  // client took to read the ones before (a slower reader is not penalised twice).
  const began = performance.now();
  const dropAt = fault?.kind === 'drop' ? start + fault.afterBytes : Infinity;
  const stallAt = fault?.kind === 'stall' ? start + fault.afterBytes : Infinity;
  for (let at = start; at < stop; ) {
    const step = Math.min(file.bytesPerSecond ? Math.max(1024, Math.floor(file.bytesPerSecond / 20)) : CHUNK, stop - at, dropAt - at, Math.max(stallAt - at, 1));
    if (at >= stallAt) {
      await new Promise<void>((r) => res.once('close', r));
      return;
    }
    if (step <= 0 || at >= dropAt) {
      // Headers promised more: the client sees the connection close mid-body.
      res.socket?.destroy();
      return;
    }
    let chunk = bytes.subarray(at, at + step);
    if (fault?.kind === 'corrupt' && fault.at >= at && fault.at < at + step) {
      chunk = Buffer.from(chunk);
      chunk[fault.at - at] = chunk[fault.at - at]! ^ 0xff;
    }
    rec.bodyBytes += chunk.length;
    at += step;
    const ok = res.write(chunk);
    if (res.destroyed) return;
    if (!ok) {
      // Both listeners go once either fires: a long download would otherwise pile up 'close' listeners.
      await new Promise<void>((r) => {
        const done = (): void => {
          res.off('drain', done);
          res.off('close', done);
          r();
        };
        res.once('drain', done).once('close', done);
      });
    }
    if (file.bytesPerSecond) {
      const due = began + ((at - start) / file.bytesPerSecond) * 1000;
      const wait = due - performance.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    }
    if (res.destroyed) return;
  }
  if (dropAt <= stop && dropAt >= start) {
    res.socket?.destroy();
    return;
  }
  res.end();
}
