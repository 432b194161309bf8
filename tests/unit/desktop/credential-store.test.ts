// Secrets through safeStorage (a fake that really transforms the bytes): a round trip, the agent's
// environment from them, refusal without a real keychain, and an unreadable blob moved aside
// with an error rather than silently dropped.
import { mkdtempSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { blobFile } from '../../../src-main/desktop/secrets/blob-file';
import { CredentialError, CredentialStore, type SafeStorageLike } from '../../../src-main/desktop/secrets/credential-store';

/** Reversible, but not plain text: a test can see the blob is not the secret. */
class FakeSafeStorage implements SafeStorageLike {
  constructor(
    private readonly available = true,
    private readonly backend = 'gnome_libsecret',
  ) {}
  isEncryptionAvailable() {
    return this.available;
  }
  encryptString(text: string) {
    return Buffer.concat([Buffer.from('v10'), Buffer.from(text, 'utf8').map((b) => b ^ 0x5a)]);
  }
  decryptString(data: Buffer) {
    if (data.subarray(0, 3).toString() !== 'v10') throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString.');
    return Buffer.from(data.subarray(3).map((b) => b ^ 0x5a)).toString('utf8');
  }
  getSelectedStorageBackend() {
    return this.backend;
  }
}

const tmp = () => path.join(mkdtempSync(path.join(tmpdir(), 'island-creds-')), 'credentials.bin');

describe('CredentialStore', () => {
  it('round-trips secrets through an encrypted blob, owner-readable only', async () => {
    const file = tmp();
    const store = new CredentialStore(new FakeSafeStorage(), blobFile(file));
    expect(await store.load()).toEqual({});
    await store.set('natsUrl', 'nats://island:s3cret@nats.archipelag.io:4222');
    await store.set('hfToken', 'hf_abc');
    const onDisk = readFileSync(file);
    expect(onDisk.toString('latin1')).not.toContain('s3cret');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const again = new CredentialStore(new FakeSafeStorage(), blobFile(file));
    expect(await again.load()).toEqual({ natsUrl: 'nats://island:s3cret@nats.archipelag.io:4222', hfToken: 'hf_abc' });
    expect(await again.env()).toEqual({ ISLAND_NATS_URL: 'nats://island:s3cret@nats.archipelag.io:4222', HF_TOKEN: 'hf_abc' });
    await again.set('hfToken', null);
    expect(await again.env()).toEqual({ ISLAND_NATS_URL: 'nats://island:s3cret@nats.archipelag.io:4222' });
  });

  it('refuses to store a secret without a real keychain, and says what to do', async () => {
    const store = new CredentialStore(new FakeSafeStorage(true, 'basic_text'), blobFile(tmp()));
    expect(store.unavailableReason()).toContain('no keyring');
    await expect(store.set('hfToken', 'hf_abc')).rejects.toThrow(/cannot store the Hugging Face token: no keyring .*; put it in config.toml instead/);
    const none = new CredentialStore(new FakeSafeStorage(false), blobFile(tmp()));
    await expect(none.set('natsUrl', 'nats://a:b@c')).rejects.toBeInstanceOf(CredentialError);
  });

  it('moves an undecryptable blob aside and says where', async () => {
    const file = tmp();
    writeFileSync(file, 'garbage');
    const store = new CredentialStore(new FakeSafeStorage(), blobFile(file, () => 42));
    await expect(store.load()).rejects.toThrow(`the stored credentials cannot be decrypted (moved aside to ${file}.unreadable-42)`);
    expect(readdirSync(path.dirname(file))).toEqual(['credentials.bin.unreadable-42']);
    expect(await store.load()).toEqual({});
  });

  it('moves aside a blob of the wrong shape', async () => {
    const file = tmp();
    const safe = new FakeSafeStorage();
    writeFileSync(file, safe.encryptString(JSON.stringify({ version: 1, natsUrl: 7 })));
    await expect(new CredentialStore(safe, blobFile(file, () => 1)).load()).rejects.toThrow('not in the expected format');
  });
});
