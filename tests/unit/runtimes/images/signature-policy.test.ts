import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { parseImageRef } from '../../../../src-main/agent/runtimes/images/image-ref';
import { decideSignature, planSignatureCheck, type SigningPolicy } from '../../../../src-main/agent/runtimes/images/signature-policy';
import { readTrustedKey, type UsableKey } from '../../../../src-main/agent/runtimes/images/trusted-keys';

function key(keyId: string): UsableKey {
  const pem = generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).publicKey.export({ type: 'spki', format: 'pem' }).toString();
  const r = readTrustedKey({ key_id: keyId, public_key: pem }, 'config');
  if (!r.ok) throw new Error(r.reason);
  return r.key;
}
const K = [key('k1'), key('k2')];
const ref = parseImageRef('127.0.0.1:5000/t/app:1');
const pol = (p: Partial<SigningPolicy> = {}): SigningPolicy => ({ enabled: true, requireSignature: false, unsignedAllowed: [], ...p });

describe('§6.6 decision table', () => {
  it('1. signing disabled → skipped', () => {
    expect(planSignatureCheck(ref, pol({ enabled: false, requireSignature: true }), K)).toEqual({ kind: 'skip', verdict: { status: 'skipped', reason: 'signature verification is disabled' } });
  });
  it('2. unsigned_allowed_registries, by whole path segments', () => {
    expect(planSignatureCheck(ref, pol({ unsignedAllowed: ['127.0.0.1:5000/t'], requireSignature: true }), K)).toMatchObject({ kind: 'skip' });
    expect(planSignatureCheck(ref, pol({ unsignedAllowed: ['127.0.0.1:500'], requireSignature: true }), K)).toMatchObject({ kind: 'verify' });
    expect(planSignatureCheck(parseImageRef('127.0.0.1:5000/tx/app'), pol({ unsignedAllowed: ['127.0.0.1:5000/t'] }), K)).toMatchObject({ kind: 'verify' });
  });
  it('3. no keys → reject when required, else skipped', () => {
    expect(planSignatureCheck(ref, pol({ requireSignature: true }), [])).toEqual({
      kind: 'reject',
      message: 'Image not allowed: No trusted keys configured, and [signing] require_signature is on. Image: 127.0.0.1:5000/t/app:1',
    });
    expect(planSignatureCheck(ref, pol(), [])).toEqual({ kind: 'skip', verdict: { status: 'skipped', reason: 'no trusted keys configured' } });
  });
  it('4. a key verifies → valid with its key id and issuer', () => {
    expect(planSignatureCheck(ref, pol(), K)).toEqual({ kind: 'verify', keys: K });
    const issued = { ...K[1]!, issuer: 'archipelag.io' };
    expect(decideSignature({ status: 'valid', key: issued }, ref, pol({ requireSignature: true }), K)).toEqual({ ok: true, verdict: { status: 'valid', keyId: 'k2', issuer: 'archipelag.io' } });
  });
  it('5. none verifies → reject naming the keys tried when required, else skipped with a warning', () => {
    const invalid = { status: 'invalid' as const, reasons: ['the signature does not verify with any trusted key'] };
    expect(decideSignature(invalid, ref, pol({ requireSignature: true }), K)).toEqual({
      ok: false,
      message:
        'Image not allowed: Signature verification failed for all trusted keys (tried k1, k2): the signature does not verify with any trusted key. Image: 127.0.0.1:5000/t/app:1',
    });
    const soft = decideSignature(invalid, ref, pol(), K);
    expect(soft).toMatchObject({ ok: true, verdict: { status: 'skipped' }, warning: expect.stringMatching(/without a verified signature: no trusted key verified it \(tried k1, k2\)/) });
  });
  it('5. unsigned and uncheckable images', () => {
    const unsigned = { status: 'unsigned' as const, signatureRef: '127.0.0.1:5000/t/app:sha256-aa.sig' };
    expect(decideSignature(unsigned, ref, pol({ requireSignature: true }), K)).toEqual({
      ok: false,
      message: 'Image not allowed: No cosign signature found (looked for 127.0.0.1:5000/t/app:sha256-aa.sig), and [signing] require_signature is on. Image: 127.0.0.1:5000/t/app:1',
    });
    expect(decideSignature(unsigned, ref, pol(), K)).toMatchObject({ ok: true, warning: expect.stringMatching(/no signature found/) });
    expect(decideSignature({ status: 'error', detail: 'ECONNREFUSED' }, ref, pol({ requireSignature: true }), K)).toMatchObject({
      ok: false,
      message: expect.stringMatching(/^Image not allowed: Could not check the image signature \(ECONNREFUSED\)/),
    });
  });
});
