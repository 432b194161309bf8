// Secrets through safeStorage (a fake that really transforms the bytes): a round trip, the agent's
// environment from them, refusal without a real keychain, and an unreadable blob moved aside
// with an error rather than silently dropped.
import { mkdtempSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { blobFile } from '../../../src-main/desktop/secrets/blob-file';
import { CredentialError, CredentialStore, type SafeStorageLike } from '../../../src-main/desktop/secrets/credential-store';
import { SecretKeepingRouter } from '../../../src-main/desktop/secrets/secret-keeping-router';
import type { RequestFrame, ServerFrame } from '../../../src-shared/api/frames';
import { createTestLogger } from '../../helpers/test-logger';
import { waitUntil } from '../../helpers/wait-until';

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

describe('SecretKeepingRouter (the dashboard sets a coordinator URL with credentials)', () => {
  function setup(store: CredentialStore) {
    const forwarded: Array<{ client: number; frame: RequestFrame }> = [];
    const answers: Array<{ client: number; frame: ServerFrame }> = [];
    const router = new SecretKeepingRouter(
      { request: (client, frame) => forwarded.push({ client, frame }) },
      store,
      (client, frame) => answers.push({ client, frame }),
      createTestLogger(),
    );
    const set = (natsUrl: string, id = 1): RequestFrame => ({ kind: 'request', id, method: 'settings.set', params: { natsUrl, memoryMb: 4096 } });
    return { router, forwarded, answers, set };
  }

  it('keeps the credentials in the keychain and sends the agent the URL without them', async () => {
    const store = new CredentialStore(new FakeSafeStorage(), blobFile(tmp()));
    const { router, forwarded, set } = setup(store);
    router.request(7, set('nats://island:s3cret@sail.archipelag.io:4222'));
    await waitUntil(() => forwarded.length === 1, 'the request forwarded');
    expect(forwarded[0]).toEqual({ client: 7, frame: set('nats://sail.archipelag.io:4222') });
    expect(await store.env()).toEqual({ ISLAND_NATS_URL: 'nats://island:s3cret@sail.archipelag.io:4222' });
  });

  it('keeps stored credentials for the same server, drops them for another, and passes other requests untouched', async () => {
    const store = new CredentialStore(new FakeSafeStorage(), blobFile(tmp()));
    await store.set('natsUrl', 'nats://island:s3cret@sail.archipelag.io:4222');
    const { router, forwarded, set } = setup(store);
    router.request(1, set('nats://sail.archipelag.io:4222'));
    await waitUntil(() => forwarded.length === 1, 'the first request forwarded');
    expect((await store.load()).natsUrl).toBe('nats://island:s3cret@sail.archipelag.io:4222');
    router.request(1, set('nats://other.example:4222', 2));
    await waitUntil(() => forwarded.length === 2, 'the second request forwarded');
    expect(await store.load()).toEqual({});
    const status: RequestFrame = { kind: 'request', id: 3, method: 'status.get', params: {} };
    router.request(1, status);
    expect(forwarded[2]).toEqual({ client: 1, frame: status });
  });

  it('without a keychain the URL goes to the agent as given (config.toml, as headless)', async () => {
    const { router, forwarded, set } = setup(new CredentialStore(new FakeSafeStorage(true, 'basic_text'), blobFile(tmp())));
    router.request(1, set('nats://island:s3cret@sail.archipelag.io:4222'));
    await waitUntil(() => forwarded.length === 1, 'the request forwarded');
    expect(forwarded[0]!.frame).toEqual(set('nats://island:s3cret@sail.archipelag.io:4222'));
  });

  it('answers the dashboard with the field when the keychain write fails', async () => {
    const file = tmp();
    writeFileSync(file, 'not a blob');
    const { router, forwarded, answers, set } = setup(new CredentialStore(new FakeSafeStorage(), blobFile(file)));
    router.request(4, set('nats://island:s3cret@sail.archipelag.io:4222', 9));
    await waitUntil(() => answers.length === 1, 'an answer');
    expect(forwarded).toHaveLength(0);
    expect(answers[0]).toMatchObject({ client: 4, frame: { kind: 'response', id: 9, ok: false, error: { code: 'conflict', field: 'params.natsUrl' } } });
  });
});
