import { sign } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { signatureTag, verifyCosignSignature } from '../../../../src-main/agent/runtimes/images/cosign-verify';
import { parseImageRef } from '../../../../src-main/agent/runtimes/images/image-ref';
import { RegistryClient } from '../../../../src-main/agent/runtimes/images/registry-client';
import { readTrustedKey, type UsableKey } from '../../../../src-main/agent/runtimes/images/trusted-keys';
import { generateTestKey, simpleSigningPayload, type TestKey } from '../../../harness/cosign';
import { fakeFetch, sha256, type Route } from './fake-registry';

const signal = new AbortController().signal;
const DIGEST = `sha256:${'3'.repeat(64)}`;
const ref = parseImageRef('ghcr.io/org/app:1');
const base = 'https://ghcr.io/v2/org/app';

function usable(k: TestKey): UsableKey {
  const r = readTrustedKey({ key_id: k.keyId, public_key: k.publicKeyPem }, 'config');
  if (!r.ok) throw new Error(r.reason);
  return r.key;
}

interface SigLayer {
  payload: Buffer;
  /** Bytes the registry serves for the blob (default: the payload). */
  served?: Buffer;
  signature?: string | undefined;
  digest?: string;
}

function registryWith(layers: SigLayer[]) {
  const routes: Record<string, Route> = {};
  const manifest = {
    schemaVersion: 2,
    mediaType: 'application/vnd.oci.image.manifest.v1+json',
    config: { mediaType: 'application/vnd.oci.image.config.v1+json', size: 2, digest: sha256('{}') },
    layers: layers.map((l) => {
      const digest = l.digest ?? sha256(l.payload);
      routes[`${base}/blobs/${digest}`] = { body: l.served ?? l.payload };
      return {
        mediaType: 'application/vnd.dev.cosign.simplesigning.v1+json',
        size: l.payload.length,
        digest,
        ...(l.signature !== undefined ? { annotations: { 'dev.cosignproject.cosign/signature': l.signature } } : {}),
      };
    }),
  };
  routes[`${base}/manifests/${signatureTag(DIGEST)}`] = { body: JSON.stringify(manifest), headers: { 'content-type': manifest.mediaType } };
  const f = fakeFetch(routes);
  return new RegistryClient({ registry: 'ghcr.io', login: undefined, fetch: f.fetch, timeoutMs: 5000 });
}

const good = generateTestKey('good');
const other = generateTestKey('other');
const signed = (key: TestKey, payload: Buffer) => sign('sha256', payload, key.privateKeyPem).toString('base64');
const payload = simpleSigningPayload('ghcr.io/org/app', DIGEST);

describe('cosign .sig verification', () => {
  it('the signature tag is sha256-<hex>.sig', () => {
    expect(signatureTag(DIGEST)).toBe(`sha256-${'3'.repeat(64)}.sig`);
  });
  it('valid with the right key', async () => {
    const r = await verifyCosignSignature(registryWith([{ payload, signature: signed(good, payload) }]), ref, DIGEST, [usable(other), usable(good)], signal);
    expect(r).toMatchObject({ status: 'valid', key: { keyId: 'good' } });
  });
  it('any one of several signatures may verify', async () => {
    const client = registryWith([
      { payload, signature: signed(other, payload) },
      { payload, signature: signed(good, payload) },
    ]);
    expect(await verifyCosignSignature(client, ref, DIGEST, [usable(good)], signal)).toMatchObject({ status: 'valid', key: { keyId: 'good' } });
  });
  it('invalid with a wrong key', async () => {
    const r = await verifyCosignSignature(registryWith([{ payload, signature: signed(other, payload) }]), ref, DIGEST, [usable(good)], signal);
    expect(r).toEqual({ status: 'invalid', reasons: ['the signature does not verify with any trusted key'] });
  });
  it('invalid when the payload was changed after signing', async () => {
    const tampered = Buffer.from(payload.toString().replace('"optional":null', '"optional":{"x":1}'));
    const r = await verifyCosignSignature(registryWith([{ payload: tampered, signature: signed(good, payload) }]), ref, DIGEST, [usable(good)], signal);
    expect(r).toEqual({ status: 'invalid', reasons: ['the signature does not verify with any trusted key'] });
  });
  it('invalid when the registry serves other bytes than the layer digest names', async () => {
    const r = await verifyCosignSignature(
      registryWith([{ payload, served: Buffer.from(`${payload.toString()} `), signature: signed(good, payload) }]),
      ref,
      DIGEST,
      [usable(good)],
      signal,
    );
    expect(r).toMatchObject({ status: 'invalid', reasons: [expect.stringMatching(/has the content of sha256:/)] });
  });
  it('invalid when a valid signature names another digest (replayed)', async () => {
    const elsewhere = simpleSigningPayload('ghcr.io/org/app', `sha256:${'4'.repeat(64)}`);
    const r = await verifyCosignSignature(registryWith([{ payload: elsewhere, signature: signed(good, elsewhere) }]), ref, DIGEST, [usable(good)], signal);
    expect(r).toEqual({ status: 'invalid', reasons: [`signed by good, but the payload is for sha256:${'4'.repeat(64)}, not ${DIGEST}`] });
  });
  it('invalid without a signature annotation, or with garbage in it', async () => {
    expect(await verifyCosignSignature(registryWith([{ payload, signature: undefined }]), ref, DIGEST, [usable(good)], signal)).toEqual({
      status: 'invalid',
      reasons: ['no dev.cosignproject.cosign/signature annotation'],
    });
    expect(await verifyCosignSignature(registryWith([{ payload, signature: 'bm90IGEgc2lnbmF0dXJl' }]), ref, DIGEST, [usable(good)], signal)).toMatchObject({ status: 'invalid' });
  });
  it('unsigned when there is no .sig manifest', async () => {
    const client = new RegistryClient({ registry: 'ghcr.io', login: undefined, fetch: fakeFetch({}).fetch, timeoutMs: 5000 });
    expect(await verifyCosignSignature(client, ref, DIGEST, [usable(good)], signal)).toEqual({ status: 'unsigned', signatureRef: `ghcr.io/org/app:${signatureTag(DIGEST)}` });
  });
  it('error when the registry cannot be asked', async () => {
    const failing = (async () => {
      throw new TypeError('fetch failed');
    }) as unknown as typeof fetch;
    const client = new RegistryClient({ registry: 'ghcr.io', login: undefined, fetch: failing, timeoutMs: 5000 });
    expect(await verifyCosignSignature(client, ref, DIGEST, [usable(good)], signal)).toMatchObject({ status: 'error', detail: expect.stringMatching(/fetch failed/) });
  });
  it('a registry with a port keeps its port in the signature reference (quirk 12)', async () => {
    const portRef = parseImageRef('localhost:5000/app:1');
    const client = new RegistryClient({ registry: 'localhost:5000', login: undefined, fetch: fakeFetch({}).fetch, timeoutMs: 5000 });
    expect(await verifyCosignSignature(client, portRef, DIGEST, [usable(good)], signal)).toEqual({ status: 'unsigned', signatureRef: `localhost:5000/app:${signatureTag(DIGEST)}` });
  });
});
