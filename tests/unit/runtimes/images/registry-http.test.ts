import { describe, expect, it } from 'vitest';
import { isLoopbackHost, registryBaseUrl, registryRequest } from '../../../../src-main/agent/runtimes/images/registry-http';
import { fakeFetch } from './fake-registry';

const opts = { signal: new AbortController().signal, timeoutMs: 5000, maxBytes: 1024 };

describe('registry URLs', () => {
  it('plain http only for loopback registries', () => {
    expect(registryBaseUrl('127.0.0.1:5000')).toBe('http://127.0.0.1:5000');
    expect(registryBaseUrl('localhost:5000')).toBe('http://localhost:5000');
    expect(registryBaseUrl('[::1]:5000')).toBe('http://[::1]:5000');
    expect(registryBaseUrl('ghcr.io')).toBe('https://ghcr.io');
    expect(registryBaseUrl('10.0.0.5:5000')).toBe('https://10.0.0.5:5000');
    expect(registryBaseUrl('docker.io')).toBe('https://registry-1.docker.io');
    expect(isLoopbackHost('127.9.9.9')).toBe(true);
    expect(isLoopbackHost('127.0.0.1.evil.com')).toBe(false);
  });
});

describe('registryRequest', () => {
  it('drops Authorization when a redirect leaves the origin (blob CDNs)', async () => {
    const f = fakeFetch({
      'https://ghcr.io/v2/o/a/blobs/sha256:1': { status: 307, headers: { location: 'https://cdn.example.com/blob?sig=1' } },
      'https://cdn.example.com/blob?sig=1': { body: 'data' },
    });
    const res = await registryRequest(f.fetch, 'https://ghcr.io/v2/o/a/blobs/sha256:1', { ...opts, headers: { authorization: 'Bearer secret', accept: '*/*' } });
    expect(res.body.toString()).toBe('data');
    expect(f.requests[0]!.headers.authorization).toBe('Bearer secret');
    expect(f.requests[1]!.headers.authorization).toBeUndefined();
    expect(f.requests[1]!.headers.accept).toBe('*/*');
  });
  it('keeps Authorization on a same-origin redirect', async () => {
    const f = fakeFetch({
      'https://ghcr.io/a': { status: 302, headers: { location: '/b' } },
      'https://ghcr.io/b': { body: 'ok' },
    });
    await registryRequest(f.fetch, 'https://ghcr.io/a', { ...opts, headers: { authorization: 'Basic x' } });
    expect(f.requests[1]!.headers.authorization).toBe('Basic x');
  });
  it('refuses a redirect to plain http on another machine', async () => {
    const f = fakeFetch({ 'https://ghcr.io/a': { status: 302, headers: { location: 'http://evil.example.com/b' } } });
    await expect(registryRequest(f.fetch, 'https://ghcr.io/a', opts)).rejects.toThrow(/refusing plain http to evil.example.com/);
    expect(f.requests).toHaveLength(1);
  });
  it('refuses plain http to a non-loopback host outright', async () => {
    const f = fakeFetch({});
    await expect(registryRequest(f.fetch, 'http://10.0.0.1/v2/', opts)).rejects.toThrow(/plain http/);
    expect(f.requests).toHaveLength(0);
  });
  it('caps what it reads', async () => {
    const f = fakeFetch({ 'https://ghcr.io/big': { body: Buffer.alloc(2048) } });
    await expect(registryRequest(f.fetch, 'https://ghcr.io/big', opts)).rejects.toThrow(/more than the 1024/);
  });
  it('gives up after a few redirects', async () => {
    const f = fakeFetch({ 'https://ghcr.io/loop': { status: 302, headers: { location: '/loop' } } });
    await expect(registryRequest(f.fetch, 'https://ghcr.io/loop', opts)).rejects.toThrow(/too many redirects/);
  });
});
