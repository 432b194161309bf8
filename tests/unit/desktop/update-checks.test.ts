// The pieces of update verification that are pure: Ed25519 over the file bytes against embedded
// keys (§10.2), which feed entry's signature belongs to the download, and when a staged update may
// install.
import { generateKeyPairSync, sign } from 'node:crypto';
import type { UpdateInfo } from 'electron-updater';
import { describe, expect, it } from 'vitest';
import { ed25519PublicKey, verifyReleaseSignature } from '../../../src-main/agent/update/ed25519';
import { RELEASE_KEYS } from '../../../src-main/agent/update/release-keys';
import { APPLY_WAIT_MS, CRITICAL_APPLY_WAIT_MS, decideApply } from '../../../src-main/desktop/update/apply-policy';
import { isCritical, releaseNotes, signatureFor } from '../../../src-main/desktop/update/release-info';

function key(id: string) {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const hex = Buffer.from(publicKey.export({ format: 'der', type: 'spki' }).subarray(-32)).toString('hex');
  return { privateKey, release: { id, publicKeyHex: hex } };
}

describe('verifyReleaseSignature', () => {
  const data = Buffer.from('the release artifact');
  const k = key('k1');
  const sig = sign(null, data, k.privateKey).toString('hex');

  it('verifies with the matching embedded key and names it', async () => {
    expect(await verifyReleaseSignature(data, sig, [key('other').release, k.release])).toEqual({ ok: true, keyId: 'k1' });
    expect(await verifyReleaseSignature(data, `${sig.toUpperCase()}\n`, [k.release])).toEqual({ ok: true, keyId: 'k1' });
  });

  it('refuses one changed byte, another key, and malformed signatures', async () => {
    const changed = Buffer.from(data);
    changed[0] = changed[0]! ^ 1;
    expect(await verifyReleaseSignature(changed, sig, [k.release])).toEqual({ ok: false, reason: 'No valid signature found (tried 1 key)' });
    expect(await verifyReleaseSignature(data, sig, [key('a').release, key('b').release])).toEqual({ ok: false, reason: 'No valid signature found (tried 2 keys)' });
    expect((await verifyReleaseSignature(data, sig.slice(2), [k.release])).ok).toBe(false);
    expect(await verifyReleaseSignature(data, 'zz'.repeat(64), [k.release])).toMatchObject({ ok: false, reason: expect.stringContaining('128 hex characters') });
    expect(await verifyReleaseSignature(data, sig, [])).toEqual({ ok: false, reason: 'no release keys are configured' });
  });

  it('embeds the release key of §10.2 as a valid Ed25519 key', () => {
    expect(RELEASE_KEYS.map((k) => k.id)).toContain('release-2026-03');
    for (const k of RELEASE_KEYS) expect(ed25519PublicKey(k.publicKeyHex).asymmetricKeyType).toBe('ed25519');
    expect(() => ed25519PublicKey('abcd')).toThrow('64 hex characters');
  });
});

const info = (over: Record<string, unknown>): UpdateInfo => ({ version: '0.6.0', files: [], path: '', sha512: '', releaseDate: '', ...over }) as UpdateInfo;

describe('the feed entry for the downloaded file', () => {
  it('matches the signature to the downloaded file by name', () => {
    const i = info({
      files: [
        { url: 'Island-0.6.0-linux-x86_64.AppImage', sha512: 'a', signature: 'aa' },
        { url: 'https://cdn.example/x/Island%200.6.0.deb', sha512: 'b', signature: 'bb' },
      ],
    });
    expect(signatureFor(i, '/c/pending/Island-0.6.0-linux-x86_64.AppImage')).toBe('aa');
    expect(signatureFor(i, '/c/pending/Island 0.6.0.deb')).toBe('bb');
    expect(signatureFor(i, '/c/pending/other.AppImage')).toBeNull();
    expect(signatureFor(info({ files: [{ url: 'latest', sha512: 'a', signature: 'cc' }] }), '/c/Island.exe')).toBe('cc');
    expect(signatureFor(info({ files: [{ url: 'a.exe', sha512: 'a' }] }), '/c/a.exe')).toBeNull();
  });

  it('reads the critical flag and release notes as text', () => {
    expect(isCritical(info({ critical: true }))).toBe(true);
    expect(isCritical(info({ critical: 'yes' }))).toBe(false);
    expect(releaseNotes(info({ releaseNotes: '<p>Fixed &amp; faster</p>' }))).toBe('Fixed & faster');
    expect(releaseNotes(info({ releaseNotes: [{ version: '0.6.0', note: '<b>New</b>' }, { version: '0.5.9', note: null }] }))).toBe('0.6.0: New');
    expect(releaseNotes(info({}))).toBeNull();
  });
});

describe('decideApply', () => {
  it.each([
    ['no job runs', 0, false, 0, { type: 'install', reason: 'idle' }],
    ['a job runs', 1, false, 60_000, { type: 'wait', deadline: APPLY_WAIT_MS }],
    ['jobs ran 5 minutes', 2, false, APPLY_WAIT_MS, { type: 'install', reason: 'waited-long-enough' }],
    ['critical, 29 s', 1, true, CRITICAL_APPLY_WAIT_MS - 1_000, { type: 'wait', deadline: CRITICAL_APPLY_WAIT_MS }],
    ['critical, 30 s', 1, true, CRITICAL_APPLY_WAIT_MS, { type: 'install', reason: 'waited-long-enough' }],
  ])('%s', (_name, activeJobs, critical, now, expected) => {
    expect(decideApply({ now, waitingSince: 0, activeJobs, critical })).toEqual(expected);
  });
});
