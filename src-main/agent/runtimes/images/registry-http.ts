// One HTTP exchange with a registry, with the safety rules a registry client needs and `fetch`
// does not give by default: a time limit, a size limit on what is read, and redirects followed by
// hand so that an Authorization header never travels to another origin (blob downloads are
// commonly redirected to a CDN) and https is never downgraded to http.

export type FetchLike = typeof fetch;

export interface RegistryResponse {
  status: number;
  headers: Headers;
  body: Buffer;
  /** The URL that answered (after redirects). */
  url: string;
}

export interface RequestOptions {
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  body?: string;
  signal: AbortSignal;
  timeoutMs: number;
  /** Bodies larger than this are refused (the request is aborted). */
  maxBytes: number;
}

const MAX_REDIRECTS = 5;

export class RegistryHttpError extends Error {
  override readonly name = 'RegistryHttpError';
}

/** 127.0.0.0/8, ::1 and localhost, with or without a port. */
export function isLoopbackHost(hostPort: string): boolean {
  const host = hostPort.startsWith('[') ? hostPort.slice(1, hostPort.indexOf(']')) : hostPort.replace(/:\d+$/, '');
  const lower = host.toLowerCase();
  return lower === 'localhost' || lower === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(lower);
}

/**
 * Where a registry's API lives. Plain http only for loopback registries (the local test registry,
 * a local mirror): anything else is https, so credentials and tokens never cross a network in clear.
 */
export function registryBaseUrl(registry: string): string {
  if (registry === 'docker.io') return 'https://registry-1.docker.io';
  return `${isLoopbackHost(registry) ? 'http' : 'https'}://${registry}`;
}

/** http is acceptable only to a loopback host. */
export function isAcceptableUrl(url: URL): boolean {
  return url.protocol === 'https:' || (url.protocol === 'http:' && isLoopbackHost(url.host));
}

export async function registryRequest(fetchFn: FetchLike, url: string, opts: RequestOptions): Promise<RegistryResponse> {
  const signal = AbortSignal.any([opts.signal, AbortSignal.timeout(opts.timeoutMs)]);
  let current = new URL(url);
  const origin = current.origin;
  let headers = { ...(opts.headers ?? {}) };
  for (let hop = 0; hop <= MAX_REDIRECTS; hop++) {
    if (!isAcceptableUrl(current)) throw new RegistryHttpError(`refusing plain http to ${current.host} (only loopback registries may use http)`);
    const res = await fetchFn(current, { method: opts.method ?? 'GET', headers, body: opts.body, redirect: 'manual', signal });
    const location = res.headers.get('location');
    if (res.status >= 300 && res.status < 400 && location) {
      await res.body?.cancel();
      current = new URL(location, current);
      if (current.origin !== origin) headers = withoutAuthorization(headers);
      continue;
    }
    return { status: res.status, headers: res.headers, body: await readCapped(res, opts.maxBytes, current.href), url: current.href };
  }
  throw new RegistryHttpError(`too many redirects from ${url}`);
}

function withoutAuthorization(headers: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers)) if (k.toLowerCase() !== 'authorization') out[k] = v;
  return out;
}

async function readCapped(res: Response, maxBytes: number, url: string): Promise<Buffer> {
  const declared = Number(res.headers.get('content-length') ?? NaN);
  if (Number.isFinite(declared) && declared > maxBytes) {
    await res.body?.cancel();
    throw new RegistryHttpError(`${url} answered ${declared} bytes, more than the ${maxBytes} allowed`);
  }
  if (!res.body) return Buffer.alloc(0);
  const chunks: Buffer[] = [];
  let total = 0;
  const reader = res.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel();
      throw new RegistryHttpError(`${url} sent more than the ${maxBytes} bytes allowed`);
    }
    chunks.push(Buffer.from(value));
  }
  return Buffer.concat(chunks);
}
