import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { TrustedKeyStore } from '../../../../src-main/agent/runtimes/images/key-store';
import { parseKeyList, readTrustedKey } from '../../../../src-main/agent/runtimes/images/trusted-keys';
import { generateTestKey } from '../../../harness/cosign';
import { createTestLogger } from '../../../helpers/test-logger';
import { fakeFetch } from './fake-registry';

const p256 = generateTestKey('k');

describe('readTrustedKey', () => {
  it('accepts an ECDSA P-256 PEM and fingerprints it', () => {
    const r = readTrustedKey({ key_id: 'k', public_key: p256.publicKeyPem, issuer: 'me' }, 'config');
    expect(r).toMatchObject({ ok: true, key: { keyId: 'k', issuer: 'me', source: 'config', fingerprint: expect.stringMatching(/^[0-9a-f]{64}$/) } });
  });
  it('sets aside other curves, other algorithms and garbage, with a reason', () => {
    const p384 = generateKeyPairSync('ec', { namedCurve: 'secp384r1' }).publicKey.export({ type: 'spki', format: 'pem' }).toString();
    const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey.export({ type: 'spki', format: 'pem' }).toString();
    expect(readTrustedKey({ key_id: 'a', public_key: p384 }, 'config')).toMatchObject({ ok: false, reason: expect.stringMatching(/not ECDSA P-256/) });
    expect(readTrustedKey({ key_id: 'b', public_key: rsa }, 'config')).toMatchObject({ ok: false, reason: expect.stringMatching(/rsa/) });
    expect(readTrustedKey({ key_id: 'c', public_key: p256.publicKeyPem, algorithm: 'ed25519' }, 'config')).toMatchObject({ ok: false, reason: expect.stringMatching(/not supported/) });
    expect(readTrustedKey({ key_id: 'd', public_key: 'nope' }, 'config')).toMatchObject({ ok: false, reason: expect.stringMatching(/not a PEM/) });
  });
});

describe('parseKeyList', () => {
  it('reads the Rust TrustedKey array, defaulting the algorithm', () => {
    expect(parseKeyList('[{"key_id":"a","public_key":"pem","issuer":"x"}]')).toEqual({ ok: true, records: [{ key_id: 'a', public_key: 'pem', algorithm: 'ecdsa-p256', issuer: 'x' }] });
  });
  it('refuses anything else', () => {
    expect(parseKeyList('{}')).toMatchObject({ ok: false });
    expect(parseKeyList('[{"key_id":"a"}]')).toMatchObject({ ok: false, reason: expect.stringMatching(/lacks/) });
    expect(parseKeyList('x')).toMatchObject({ ok: false });
  });
});

describe('TrustedKeyStore', () => {
  const root = mkdtempSync(join(tmpdir(), 'island-keys-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));
  const dir = () => mkdtempSync(join(root, 'k-'));
  const served = generateTestKey('served');
  const body = JSON.stringify([{ key_id: 'served', public_key: served.publicKeyPem }]);

  it('config keys win over fetched keys with the same id', async () => {
    const f = fakeFetch({ 'https://keys.example/k.json': { body: JSON.stringify([{ key_id: 'k', public_key: served.publicKeyPem }, { key_id: 'served', public_key: served.publicKeyPem }]) } });
    const store = new TrustedKeyStore({ configKeys: [{ key_id: 'k', public_key: p256.publicKeyPem }], keysUrl: 'https://keys.example/k.json', cachePath: join(dir(), 'c.json'), fetch: f.fetch, log: createTestLogger() });
    await store.start();
    store.close();
    expect(store.keys().map((k) => [k.keyId, k.source])).toEqual([['k', 'config'], ['served', 'keys_url']]);
  });
  it('writes fetched keys to the cache and uses the cache when the server is down', async () => {
    const cachePath = join(dir(), 'sub', 'trusted-keys.json');
    const up = new TrustedKeyStore({ configKeys: [], keysUrl: 'https://keys.example/k.json', cachePath, fetch: fakeFetch({ 'https://keys.example/k.json': { body } }).fetch, log: createTestLogger() });
    await up.start();
    up.close();
    expect(JSON.parse(readFileSync(cachePath, 'utf8'))).toEqual([{ key_id: 'served', public_key: served.publicKeyPem, algorithm: 'ecdsa-p256' }]);
    const log = createTestLogger();
    const down = new TrustedKeyStore({ configKeys: [], keysUrl: 'https://keys.example/k.json', cachePath, fetch: fakeFetch({ 'https://keys.example/k.json': { status: 503 } }).fetch, log });
    await down.start();
    down.close();
    expect(down.keys().map((k) => k.keyId)).toEqual(['served']);
    expect(log.has({ level: 'warn', msg: 'could not fetch trusted signing keys; using the keys in hand' })).toBe(true);
  });
  it('an empty list from keys_url revokes the cached keys', async () => {
    const cachePath = join(dir(), 'trusted-keys.json');
    writeFileSync(cachePath, body);
    const store = new TrustedKeyStore({ configKeys: [], keysUrl: 'https://keys.example/k.json', cachePath, fetch: fakeFetch({ 'https://keys.example/k.json': { body: '[]' } }).fetch, log: createTestLogger() });
    await store.start();
    store.close();
    expect(store.keys()).toEqual([]);
    expect(readFileSync(cachePath, 'utf8').trim()).toBe('[]');
  });
  it('refuses keys_url over plain http to another machine', async () => {
    const f = fakeFetch({});
    const log = createTestLogger();
    const store = new TrustedKeyStore({ configKeys: [], keysUrl: 'http://keys.example/k.json', cachePath: join(dir(), 'c.json'), fetch: f.fetch, log });
    await store.start();
    store.close();
    expect(f.requests).toHaveLength(0);
    expect(log.has({ level: 'warn', msg: /only fetched over https/ })).toBe(true);
  });
  it('a corrupt cache is reported and ignored', async () => {
    const cachePath = join(dir(), 'c.json');
    writeFileSync(cachePath, '{not json');
    const log = createTestLogger();
    const store = new TrustedKeyStore({ configKeys: [], keysUrl: 'https://keys.example/k.json', cachePath, fetch: fakeFetch({}).fetch, log });
    await store.start();
    store.close();
    expect(store.keys()).toEqual([]);
    expect(log.has({ level: 'error', msg: /trusted key cache .* is unusable/ })).toBe(true);
  });
});
