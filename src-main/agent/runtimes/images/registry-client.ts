// A small Registry v2 HTTP client: just what signature checks need (manifests and blobs, read
// only), anonymous or with the registry's own login, through the token or basic-auth challenge the
// registry answers with. Every blob is checked against its digest before anyone reads it.
import { createHash } from 'node:crypto';
import { basicAuthorization, parseChallenge, type AuthChallenge, type RegistryLogin } from './registry-auth';
import { isLoopbackHost, registryBaseUrl, registryRequest, RegistryHttpError, type FetchLike, type RegistryResponse } from './registry-http';

export const MANIFEST_TYPES = [
  'application/vnd.oci.image.index.v1+json',
  'application/vnd.docker.distribution.manifest.list.v2+json',
  'application/vnd.oci.image.manifest.v1+json',
  'application/vnd.docker.distribution.manifest.v2+json',
];
const MAX_MANIFEST_BYTES = 4 * 1024 * 1024;
const MAX_TOKEN_BYTES = 256 * 1024;

export interface Manifest {
  /** sha256 of the bytes as served: the manifest digest. */
  digest: string;
  mediaType: string;
  body: Buffer;
}

export interface RegistryClientOptions {
  registry: string;
  login: RegistryLogin | undefined;
  fetch: FetchLike;
  timeoutMs: number;
}

export function sha256Digest(bytes: Buffer): string {
  return `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
}

export class RegistryClient {
  private readonly base: string;
  private readonly tokens = new Map<string, { value: string; expiresAt: number }>();

  constructor(private readonly opts: RegistryClientOptions) {
    this.base = registryBaseUrl(opts.registry);
  }

  /** The manifest, or null when the registry says it does not exist (404). */
  async getManifest(repoPath: string, reference: string, signal: AbortSignal): Promise<Manifest | null> {
    const res = await this.get(repoPath, `/v2/${repoPath}/manifests/${reference}`, { accept: MANIFEST_TYPES.join(', ') }, MAX_MANIFEST_BYTES, signal);
    if (res.status === 404) return null;
    if (res.status !== 200) throw new RegistryHttpError(`${this.opts.registry} answered ${res.status} for manifest ${repoPath}:${reference}${errorDetail(res)}`);
    const mediaType = (res.headers.get('content-type') ?? '').split(';')[0]!.trim();
    return { digest: sha256Digest(res.body), mediaType, body: res.body };
  }

  /** A blob, refused unless its sha256 is `digest`. */
  async getBlob(repoPath: string, digest: string, maxBytes: number, signal: AbortSignal): Promise<Buffer> {
    const res = await this.get(repoPath, `/v2/${repoPath}/blobs/${digest}`, {}, maxBytes, signal);
    if (res.status !== 200) throw new RegistryHttpError(`${this.opts.registry} answered ${res.status} for blob ${digest}${errorDetail(res)}`);
    const actual = sha256Digest(res.body);
    if (actual !== digest) throw new RegistryHttpError(`blob ${digest} from ${this.opts.registry} has the content of ${actual}`);
    return res.body;
  }

  private async get(repoPath: string, path: string, headers: Record<string, string>, maxBytes: number, signal: AbortSignal): Promise<RegistryResponse> {
    const scope = `repository:${repoPath}:pull`;
    const url = `${this.base}${path}`;
    const cached = this.tokens.get(scope);
    const first = cached && cached.expiresAt > Date.now() ? { ...headers, authorization: `Bearer ${cached.value}` } : headers;
    const res = await this.request(url, first, maxBytes, signal);
    if (res.status !== 401) return res;
    const challenge = parseChallenge(res.headers.get('www-authenticate'));
    const authorization = challenge ? await this.answer(challenge, scope, signal) : undefined;
    return authorization ? this.request(url, { ...headers, authorization }, maxBytes, signal) : res;
  }

  private request(url: string, headers: Record<string, string>, maxBytes: number, signal: AbortSignal): Promise<RegistryResponse> {
    return registryRequest(this.opts.fetch, url, { headers, signal, maxBytes, timeoutMs: this.opts.timeoutMs });
  }

  private async answer(challenge: AuthChallenge, scope: string, signal: AbortSignal): Promise<string | undefined> {
    const login = this.opts.login;
    if (challenge.scheme === 'basic') return login ? basicAuthorization(login) : undefined;
    const token = await this.fetchToken(challenge.params, scope, signal);
    return `Bearer ${token}`;
  }

  /** Docker's token protocol: anonymous, with basic credentials, or an OAuth2 refresh token. */
  private async fetchToken(params: Record<string, string>, fallbackScope: string, signal: AbortSignal): Promise<string> {
    const realm = params.realm ? new URL(params.realm) : null;
    if (!realm) throw new RegistryHttpError(`${this.opts.registry} asked for a token without naming where to get it`);
    // A registry on the network may not send us (or its credentials) to a plain-http or local service.
    if (realm.protocol !== 'https:' && !(isLoopbackHost(this.opts.registry) && isLoopbackHost(realm.host))) {
      throw new RegistryHttpError(`${this.opts.registry} names a token service over plain http (${realm.origin}); refused`);
    }
    const scope = params.scope ?? fallbackScope;
    const login = this.opts.login;
    let res: RegistryResponse;
    if (login?.identity_token !== undefined && login.username === undefined) {
      const form = new URLSearchParams({ grant_type: 'refresh_token', refresh_token: login.identity_token, service: params.service ?? '', scope, client_id: 'island' });
      res = await registryRequest(this.opts.fetch, realm.href, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: form.toString(),
        signal,
        timeoutMs: this.opts.timeoutMs,
        maxBytes: MAX_TOKEN_BYTES,
      });
    } else {
      if (params.service) realm.searchParams.set('service', params.service);
      realm.searchParams.set('scope', scope);
      const authorization = login ? basicAuthorization(login) : undefined;
      res = await registryRequest(this.opts.fetch, realm.href, {
        headers: authorization ? { authorization } : {},
        signal,
        timeoutMs: this.opts.timeoutMs,
        maxBytes: MAX_TOKEN_BYTES,
      });
    }
    if (res.status !== 200) throw new RegistryHttpError(`token service ${realm.origin} answered ${res.status}${errorDetail(res)}`);
    const body = JSON.parse(res.body.toString('utf8')) as { token?: string; access_token?: string; expires_in?: number };
    const value = body.token ?? body.access_token;
    if (!value) throw new RegistryHttpError(`token service ${realm.origin} sent no token`);
    const lifetimeS = typeof body.expires_in === 'number' && body.expires_in > 0 ? body.expires_in : 60;
    this.tokens.set(scope, { value, expiresAt: Date.now() + (lifetimeS - 5) * 1000 });
    return value;
  }
}

/** The registry's own error text (`{"errors":[{"code":"MANIFEST_UNKNOWN","message":"…"}]}`). */
function errorDetail(res: RegistryResponse): string {
  try {
    const parsed = JSON.parse(res.body.toString('utf8')) as { errors?: { code?: string; message?: string }[] };
    const first = parsed.errors?.[0];
    return first ? `: ${first.code ?? ''} ${first.message ?? ''}`.trimEnd() : '';
  } catch {
    return '';
  }
}
