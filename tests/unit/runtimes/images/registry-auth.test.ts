import { describe, expect, it } from 'vitest';
import { basicAuthorization, dockerAuthConfig, parseChallenge, RegistryLogins } from '../../../../src-main/agent/runtimes/images/registry-auth';
import { RegistryClient } from '../../../../src-main/agent/runtimes/images/registry-client';
import { fakeFetch, sha256, type RecordedRequest, type Route } from './fake-registry';

const signal = new AbortController().signal;

describe('logins', () => {
  it('are found only for the exact registry they are configured for', () => {
    const logins = new RegistryLogins({ 'GHCR.io': { username: 'u', password: 'p' }, '127.0.0.1:5000': { identity_token: 't' }, 'index.docker.io': { username: 'd', password: 'q' } });
    expect(logins.forRegistry('ghcr.io')).toEqual({ username: 'u', password: 'p' });
    expect(logins.forRegistry('ghcr.io.evil.com')).toBeUndefined();
    expect(logins.forRegistry('127.0.0.1:5000')).toEqual({ identity_token: 't' });
    expect(logins.forRegistry('127.0.0.1:5001')).toBeUndefined();
    expect(logins.forRegistry('127.0.0.1')).toBeUndefined();
    expect(logins.forRegistry('docker.io')).toEqual({ username: 'd', password: 'q' });
  });
  it('become Docker auth configs and basic headers', () => {
    expect(dockerAuthConfig('ghcr.io', { username: 'u', password: 'p' })).toEqual({ username: 'u', password: 'p', serveraddress: 'ghcr.io' });
    expect(dockerAuthConfig('docker.io', { identity_token: 't' })).toEqual({ identitytoken: 't', serveraddress: 'https://index.docker.io/v1/' });
    expect(basicAuthorization({ username: 'u', password: 'p:w' })).toBe(`Basic ${Buffer.from('u:p:w').toString('base64')}`);
    expect(basicAuthorization({ identity_token: 't' })).toBeUndefined();
  });
});

describe('parseChallenge', () => {
  it('reads Bearer and Basic challenges', () => {
    expect(parseChallenge('Bearer realm="https://ghcr.io/token",service="ghcr.io",scope="repository:o/a:pull"')).toEqual({
      scheme: 'bearer',
      params: { realm: 'https://ghcr.io/token', service: 'ghcr.io', scope: 'repository:o/a:pull' },
    });
    expect(parseChallenge('Basic realm="island-test"')).toEqual({ scheme: 'basic', params: { realm: 'island-test' } });
    expect(parseChallenge('Negotiate')).toBeNull();
    expect(parseChallenge(null)).toBeNull();
  });
});

describe('RegistryClient auth flows', () => {
  const manifest = '{"schemaVersion":2}';
  const manifestUrl = 'https://ghcr.io/v2/o/a/manifests/1';

  it('anonymous token: fetched from the realm, then used', async () => {
    const f = fakeFetch({
      [manifestUrl]: (req: RecordedRequest): Route =>
        req.headers.authorization === 'Bearer anon-token'
          ? { body: manifest, headers: { 'content-type': 'application/vnd.oci.image.manifest.v1+json' } }
          : { status: 401, headers: { 'www-authenticate': 'Bearer realm="https://ghcr.io/token",service="ghcr.io",scope="repository:o/a:pull"' } },
      'https://ghcr.io/token?service=ghcr.io&scope=repository%3Ao%2Fa%3Apull': (req) => ({ body: JSON.stringify({ token: req.headers.authorization ? 'wrong' : 'anon-token' }) }),
    });
    const client = new RegistryClient({ registry: 'ghcr.io', login: undefined, fetch: f.fetch, timeoutMs: 5000 });
    const m = await client.getManifest('o/a', '1', signal);
    expect(m).toEqual({ digest: sha256(manifest), mediaType: 'application/vnd.oci.image.manifest.v1+json', body: Buffer.from(manifest) });
    // The token is reused for the next call.
    await client.getManifest('o/a', '1', signal);
    expect(f.requests.filter((r) => r.url.includes('/token'))).toHaveLength(1);
  });

  it('basic challenge: answered with the login of this registry only', async () => {
    const good = basicAuthorization({ username: 'u', password: 'p' });
    const f = fakeFetch({
      'http://127.0.0.1:5000/v2/o/a/manifests/1': (req: RecordedRequest): Route => (req.headers.authorization === good ? { body: manifest } : { status: 401, headers: { 'www-authenticate': 'Basic realm="r"' } }),
    });
    const withLogin = new RegistryClient({ registry: '127.0.0.1:5000', login: { username: 'u', password: 'p' }, fetch: f.fetch, timeoutMs: 5000 });
    expect(await withLogin.getManifest('o/a', '1', signal)).not.toBeNull();
    const anonymous = new RegistryClient({ registry: '127.0.0.1:5000', login: undefined, fetch: f.fetch, timeoutMs: 5000 });
    await expect(anonymous.getManifest('o/a', '1', signal)).rejects.toThrow(/answered 401/);
  });

  it('refuses a token realm over plain http for a registry on the network', async () => {
    const f = fakeFetch({ [manifestUrl]: { status: 401, headers: { 'www-authenticate': 'Bearer realm="http://127.0.0.1:9/token",service="x"' } } });
    const client = new RegistryClient({ registry: 'ghcr.io', login: { username: 'u', password: 'p' }, fetch: f.fetch, timeoutMs: 5000 });
    await expect(client.getManifest('o/a', '1', signal)).rejects.toThrow(/token service over plain http/);
    expect(f.requests.some((r) => r.url.startsWith('http://127.0.0.1:9'))).toBe(false);
  });

  it('identity token: exchanged by OAuth2 refresh_token POST', async () => {
    const f = fakeFetch({
      [manifestUrl]: (req: RecordedRequest): Route =>
        req.headers.authorization === 'Bearer access' ? { body: manifest } : { status: 401, headers: { 'www-authenticate': 'Bearer realm="https://ghcr.io/token",service="ghcr.io"' } },
      'https://ghcr.io/token': (req) => ({ status: req.method === 'POST' ? 200 : 405, body: JSON.stringify({ access_token: 'access', expires_in: 300 }) }),
    });
    const client = new RegistryClient({ registry: 'ghcr.io', login: { identity_token: 'refresh' }, fetch: f.fetch, timeoutMs: 5000 });
    expect(await client.getManifest('o/a', '1', signal)).not.toBeNull();
  });

  it('a blob whose bytes do not hash to its digest is refused', async () => {
    const f = fakeFetch({ [`https://ghcr.io/v2/o/a/blobs/${sha256('x')}`]: { body: 'y' } });
    const client = new RegistryClient({ registry: 'ghcr.io', login: undefined, fetch: f.fetch, timeoutMs: 5000 });
    await expect(client.getBlob('o/a', sha256('x'), 1024, signal)).rejects.toThrow(/has the content of/);
  });

  it('404 means no manifest', async () => {
    const f = fakeFetch({});
    const client = new RegistryClient({ registry: 'ghcr.io', login: undefined, fetch: f.fetch, timeoutMs: 5000 });
    expect(await client.getManifest('o/a', 'nope', signal)).toBeNull();
  });
});
