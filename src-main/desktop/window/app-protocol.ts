// The dashboard is served from `app://island/…` (a privileged custom scheme) rather than file://:
// responses can then carry a real Content-Security-Policy header (Electron cannot set headers
// on file:// loads: electron/electron#23485, and its security guide), the page gets an origin of
// its own instead of read access to the whole disk, and the IPC guard can check that origin.
// Requests resolve only to files under the renderer build folder.
import path from 'node:path';
import { contentTypeFor } from '../../../src-shared/web-content-types';
import { DASHBOARD_CSP } from './csp';

export const APP_SCHEME = 'app';
export const APP_HOST = 'island';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const DASHBOARD_URL = `${APP_ORIGIN}/index.html`;


export type AppAsset =
  | { type: 'file'; path: string; contentType: string }
  | { type: 'refused'; status: 400 | 403 | 404; reason: string };

/** Maps an app:// URL to a file under `root`, refusing other hosts and anything outside it. */
export function resolveAppAsset(requestUrl: string, root: string): AppAsset {
  let url: URL;
  try {
    url = new URL(requestUrl);
  } catch {
    return { type: 'refused', status: 400, reason: 'not a URL' };
  }
  if (url.protocol !== `${APP_SCHEME}:` || url.host !== APP_HOST) return { type: 'refused', status: 403, reason: `not ${APP_ORIGIN}` };
  let rel: string;
  try {
    rel = decodeURIComponent(url.pathname);
  } catch {
    return { type: 'refused', status: 400, reason: 'bad percent-encoding in the path' };
  }
  if (rel.includes('\0')) return { type: 'refused', status: 400, reason: 'NUL in the path' };
  if (rel === '/' || rel === '') rel = '/index.html';
  const base = path.resolve(root);
  const file = path.resolve(base, `.${path.posix.normalize(rel)}`);
  if (file !== base && !file.startsWith(base + path.sep)) return { type: 'refused', status: 403, reason: 'outside the dashboard folder' };
  const contentType = contentTypeFor(path.extname(file));
  if (!contentType) return { type: 'refused', status: 404, reason: `no such dashboard file type: ${path.extname(file) || '(none)'}` };
  return { type: 'file', path: file, contentType };
}

/** The headers every dashboard response carries. */
export function appResponseHeaders(contentType: string): Record<string, string> {
  return {
    'content-type': contentType,
    'content-security-policy': DASHBOARD_CSP,
    'x-content-type-options': 'nosniff',
    'cross-origin-opener-policy': 'same-origin',
    'referrer-policy': 'no-referrer',
  };
}

/** The protocol handler: `protocol.handle(APP_SCHEME, createAppHandler(...))`. */
export function createAppHandler(root: string, readFile: (file: string) => Promise<Uint8Array>): (request: { url: string }) => Promise<Response> {
  return async (request) => {
    const asset = resolveAppAsset(request.url, root);
    if (asset.type === 'refused') return new Response(asset.reason, { status: asset.status, headers: { 'content-type': 'text/plain; charset=utf-8' } });
    try {
      const body = await readFile(asset.path);
      return new Response(body as Uint8Array<ArrayBuffer>, { status: 200, headers: appResponseHeaders(asset.contentType) });
    } catch {
      return new Response('not found', { status: 404, headers: { 'content-type': 'text/plain; charset=utf-8' } });
    }
  };
}
