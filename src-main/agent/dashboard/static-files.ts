// Serves the dashboard's web build: GET and HEAD only, files under the build folder only (no path
// escapes it), index.html for the app's own routes. A missing build gets a page that says how to
// make one instead of a bare 404.
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import { contentTypeFor } from '../../../src-shared/web-content-types';


export function notBuiltPage(looked: readonly string[]): string {
  const where = looked.map((d) => `<li><code>${escapeHtml(d)}</code></li>`).join('');
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Island</title></head><body>
<h1>The dashboard is not built</h1><p>The Island is running, but its web files are missing. Build them with <code>npm run build</code> and reload.</p>
<p>Looked in:</p><ul>${where}</ul></body></html>`;
}

export async function serveStatic(req: IncomingMessage, res: ServerResponse, root: string | null, looked: readonly string[], headers: Record<string, string>): Promise<void> {
  if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, headers, 'text/plain; charset=utf-8', 'Method not allowed\n', { Allow: 'GET, HEAD' });
  if (root === null) return send(res, 503, headers, 'text/html; charset=utf-8', notBuiltPage(looked));
  const file = await resolveFile(root, new URL(req.url ?? '/', 'http://localhost').pathname);
  if (!file) return send(res, 404, headers, 'text/plain; charset=utf-8', 'Not found\n');
  res.writeHead(200, { ...headers, 'Content-Type': contentTypeFor(path.extname(file.path)) ?? 'application/octet-stream', 'Content-Length': String(file.size) });
  if (req.method === 'HEAD') return void res.end();
  createReadStream(file.path)
    .on('error', () => res.destroy())
    .pipe(res);
}

async function resolveFile(root: string, urlPath: string): Promise<{ path: string; size: number } | null> {
  let rel: string;
  try {
    rel = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (rel.includes('\0')) return null;
  const full = path.resolve(root, `.${path.posix.normalize(`/${rel}`)}`);
  if (full !== root && !full.startsWith(root + path.sep)) return null;
  const found = await fileAt(full);
  if (found) return found;
  // The app's own routes (/jobs, /settings) load the app; a missing asset (/x.js) is a 404.
  return path.extname(full) === '' ? fileAt(path.join(root, 'index.html')) : null;
}

async function fileAt(p: string): Promise<{ path: string; size: number } | null> {
  try {
    const s = await stat(p);
    if (s.isFile()) return { path: p, size: s.size };
    if (s.isDirectory()) return fileAt(path.join(p, 'index.html'));
  } catch {
    // not there
  }
  return null;
}

function send(res: ServerResponse, status: number, headers: Record<string, string>, type: string, body: string, extra: Record<string, string> = {}): void {
  res.writeHead(status, { ...headers, ...extra, 'Content-Type': type, 'Content-Length': String(Buffer.byteLength(body)) });
  res.end(body);
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
