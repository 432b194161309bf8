import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { StateError } from '../../../src-shared/errors';
import { openStateStore } from '../../../src-main/agent/state/state-store';
import type { OpenStateStoreOptions } from '../../../src-main/agent/state/state-store';
import { createTestLogger } from '../../helpers/test-logger';

const made: string[] = [];
afterEach(() => {
  for (const dir of made.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});
function home(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'island-state-'));
  made.push(dir);
  return dir;
}

const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const RUST_EXAMPLE_ID = '550e8400-e29b-41d4-a716-446655440000';

function setup(extra: Partial<OpenStateStoreOptions> = {}) {
  const dir = home();
  const file = path.join(dir, 'state.json');
  const log = createTestLogger();
  const open = (more: Partial<OpenStateStoreOptions> = {}) => openStateStore({ path: file, log, now: () => 1_732_000_000_123, ...extra, ...more });
  const json = () => JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
  return { dir, file, log, open, json };
}

describe('host id', () => {
  it('is a UUID v4 created at first start, written at once, and kept', async () => {
    const { file, open, json, log } = setup();
    const store = await open();
    expect(store.hostId).toMatch(UUID_V4);
    expect(store.hostIdSource).toBe('generated');
    expect(fs.readFileSync(file, 'utf8')).toBe(
      `{\n  "host_id": "${store.hostId}",\n  "paired": false,\n  "account_id": null,\n  "paired_at": null,\n  "pairing": null\n}\n`,
    );
    expect(log.has({ level: 'info', msg: `created host id ${store.hostId}` })).toBe(true);
    if (process.platform !== 'win32') expect(fs.statSync(file).mode & 0o777).toBe(0o600);

    const again = await open();
    expect(again.hostId).toBe(store.hostId);
    expect(again.hostIdSource).toBe('state');
    expect(json().host_id).toBe(store.hostId);
  });

  it('reads the Rust Island state.json', async () => {
    const { file, open } = setup();
    fs.writeFileSync(file, `{\n  "host_id": "${RUST_EXAMPLE_ID}",\n  "paired": true,\n  "account_id": "user-123",\n  "paired_at": "1708300800"\n}`);
    const store = await open();
    expect(store.hostId).toBe(RUST_EXAMPLE_ID);
    expect(store.snapshot()).toEqual({ host_id: RUST_EXAMPLE_ID, paired: true, account_id: 'user-123', paired_at: '1708300800', pairing: null });
  });

  it('comes from config when set there, and is never written to state.json', async () => {
    const { file, open } = setup();
    const store = await open({ configHostId: 'my-fixed-island' });
    expect(store.hostId).toBe('my-fixed-island');
    expect(store.hostIdSource).toBe('config');
    expect(fs.existsSync(file)).toBe(false);
    await store.setPairingCode({ code: 'ABC123', pairUrl: 'https://app.archipelag.io/pair', expiresAtMs: 5 });
    expect(JSON.parse(fs.readFileSync(file, 'utf8')).host_id).toBeNull();
    expect(store.snapshot().host_id).toBe('my-fixed-island');
  });

  it('from config leaves an existing state id alone', async () => {
    const { file, open, json } = setup();
    fs.writeFileSync(file, JSON.stringify({ host_id: 'kept-id', paired: false, account_id: null, paired_at: null }));
    const store = await open({ configHostId: 'override' });
    expect(store.hostId).toBe('override');
    await store.markPaired({ accountId: 'acc' });
    expect(json().host_id).toBe('kept-id');
  });

  it('refuses an unsafe config host id', async () => {
    const { open } = setup();
    await expect(open({ configHostId: 'a.b' })).rejects.toBeInstanceOf(StateError);
  });

  it('is kept when state.json lacks `paired` (quirk 10, fixed), and the file is completed', async () => {
    const { file, open, json } = setup();
    fs.writeFileSync(file, `{"host_id": "${RUST_EXAMPLE_ID}"}`);
    const store = await open();
    expect(store.hostId).toBe(RUST_EXAMPLE_ID);
    expect(json()).toEqual({ host_id: RUST_EXAMPLE_ID, paired: false, account_id: null, paired_at: null, pairing: null });
  });

  it('a state with host_id null gets a new id', async () => {
    const { file, open, json } = setup();
    fs.writeFileSync(file, '{"host_id": null, "paired": false, "account_id": null, "paired_at": null}');
    const store = await open();
    expect(store.hostId).toMatch(UUID_V4);
    expect(json().host_id).toBe(store.hostId);
  });
});

describe('a corrupt state.json is moved aside, never silently replaced', () => {
  it('keeps a host id it can still read, and says where the file went and why', async () => {
    const { dir, file, open, json, log } = setup();
    const truncated = `{\n  "host_id": "${RUST_EXAMPLE_ID}",\n  "paired": tr`;
    fs.writeFileSync(file, truncated);
    const store = await open();
    expect(store.hostId).toBe(RUST_EXAMPLE_ID);
    expect(store.hostIdSource).toBe('salvaged');
    const aside = path.join(dir, 'state.json.corrupt-1732000000123');
    expect(fs.readFileSync(aside, 'utf8')).toBe(truncated);
    expect(json().host_id).toBe(RUST_EXAMPLE_ID);
    const error = log.find({ level: 'error' });
    expect(error?.msg).toContain(`state file ${file} is unusable (not valid JSON: `);
    expect(error?.msg).toMatch(/line 3/);
    expect(error?.msg).toContain(`moved it to ${aside}`);
    expect(error?.msg).toContain(`kept host id ${RUST_EXAMPLE_ID}`);
    expect(error?.fields).toMatchObject({ path: file, movedTo: aside });
  });

  it('creates a new id when none can be salvaged', async () => {
    const { dir, file, open, log } = setup();
    fs.writeFileSync(file, 'garbage');
    const store = await open();
    expect(store.hostIdSource).toBe('generated');
    expect(fs.existsSync(path.join(dir, 'state.json.corrupt-1732000000123'))).toBe(true);
    expect(log.find({ level: 'error' })?.msg).toMatch(/a new host id will be created/);
  });

  it('an empty file (a crash mid-write) counts as corrupt', async () => {
    const { file, open, log } = setup();
    fs.writeFileSync(file, '');
    await open();
    expect(log.find({ level: 'error' })?.msg).toMatch(/not valid JSON/);
  });

  it('an unsafe host id is treated the same way', async () => {
    const { dir, file, open, log } = setup();
    fs.writeFileSync(file, JSON.stringify({ host_id: 'host.*.jobs', paired: false }));
    const store = await open();
    expect(store.hostId).toMatch(UUID_V4);
    expect(fs.existsSync(path.join(dir, 'state.json.corrupt-1732000000123'))).toBe(true);
    expect(log.find({ level: 'error' })?.msg).toMatch(/unsafe host_id "host\.\*\.jobs": must not contain "\."/);
  });

  it('a wrong type elsewhere: moved aside, host id kept', async () => {
    const { file, open, log } = setup();
    fs.writeFileSync(file, JSON.stringify({ host_id: 'keep-me', paired: 'yes' }));
    const store = await open();
    expect(store.hostId).toBe('keep-me');
    expect(log.find({ level: 'error' })?.msg).toMatch(/paired has the wrong type/);
  });

  it('a directory in the way is moved aside too', async () => {
    const { dir, file, open } = setup();
    fs.mkdirSync(file);
    const store = await open();
    expect(store.hostId).toMatch(UUID_V4);
    expect(fs.statSync(path.join(dir, 'state.json.corrupt-1732000000123')).isDirectory()).toBe(true);
    expect(fs.statSync(file).isFile()).toBe(true);
  });

  it('fails clearly when the file can be neither read nor moved', async () => {
    const { dir, file, open } = setup();
    fs.mkdirSync(file);
    // The place it would be moved to is taken by a non-empty directory, so the rename fails (even as root).
    fs.mkdirSync(path.join(dir, 'state.json.corrupt-1732000000123', 'x'), { recursive: true });
    const attempt = open();
    await expect(attempt).rejects.toBeInstanceOf(StateError);
    await expect(attempt).rejects.toThrow(/state file .*state\.json is unusable \(unreadable: .*\) and cannot be moved aside: /);
  });
});

describe('legacy ~/.archipelag (Rust ≤0.3)', () => {
  it('migrates its host id when there is no state.json, and logs it', async () => {
    const { open, json, log } = setup();
    const legacy = home();
    fs.writeFileSync(path.join(legacy, 'state.json'), JSON.stringify({ host_id: 'old-island', paired: true, account_id: 'a', paired_at: '1' }));
    const store = await open({ legacyHome: legacy });
    expect(store.hostId).toBe('old-island');
    expect(store.hostIdSource).toBe('legacy');
    expect(json()).toMatchObject({ host_id: 'old-island', paired: false });
    expect(log.find({ level: 'info', msg: 'migrated host id old-island' })?.fields).toMatchObject({ from: path.join(legacy, 'state.json') });
    expect(fs.existsSync(path.join(legacy, 'state.json'))).toBe(true);
  });

  it('is ignored when state.json exists', async () => {
    const { file, open } = setup();
    fs.writeFileSync(file, JSON.stringify({ host_id: 'current', paired: false, account_id: null, paired_at: null }));
    const legacy = home();
    fs.writeFileSync(path.join(legacy, 'state.json'), JSON.stringify({ host_id: 'old-island', paired: false }));
    expect((await open({ legacyHome: legacy })).hostId).toBe('current');
  });

  it('an unusable legacy file is skipped with a warning', async () => {
    const { open, log } = setup();
    const legacy = home();
    fs.writeFileSync(path.join(legacy, 'state.json'), '{"host_id": "bad id"}');
    const store = await open({ legacyHome: legacy });
    expect(store.hostIdSource).toBe('generated');
    expect(log.has({ level: 'warn', msg: 'holds no usable host id' })).toBe(true);
  });

  it('a missing legacy directory is fine', async () => {
    const { open, log } = setup();
    expect((await open({ legacyHome: path.join(home(), 'nope') })).hostIdSource).toBe('generated');
    expect(log.filter({ level: 'warn' })).toEqual([]);
  });
});

describe('pairing state', () => {
  it('markPaired stores the account and the time in unix seconds, as a string', async () => {
    const { open, json } = setup();
    const store = await open();
    await store.setPairingCode({ code: 'ABC123', pairUrl: 'https://app.archipelag.io/pair', expiresAtMs: 1_732_000_600_000 });
    expect(json().pairing).toEqual({ code: 'ABC123', pair_url: 'https://app.archipelag.io/pair', expires_at_ms: 1_732_000_600_000 });
    await store.markPaired({ accountId: 'user-123' });
    expect(json()).toMatchObject({ paired: true, account_id: 'user-123', paired_at: '1732000000', pairing: null });
    expect(String(Number.parseInt(json().paired_at as string, 10))).toBe(json().paired_at);
    expect(store.snapshot()).toMatchObject({ paired: true, account_id: 'user-123', paired_at: '1732000000', pairing: null });
  });

  it('"already paired" without an account keeps what is known', async () => {
    const { file, open, json } = setup();
    fs.writeFileSync(file, JSON.stringify({ host_id: 'h1', paired: true, account_id: 'acc', paired_at: '100' }));
    const store = await open();
    await store.markPaired({ accountId: null });
    expect(json()).toMatchObject({ paired: true, account_id: 'acc', paired_at: '100' });
  });

  it('survives a restart', async () => {
    const { open } = setup();
    const first = await open();
    await first.setPairingCode({ code: 'XYZ', pairUrl: 'https://p', expiresAtMs: 42 });
    expect((await open()).snapshot().pairing).toEqual({ code: 'XYZ', pair_url: 'https://p', expires_at_ms: 42 });
  });

  it('a malformed pairing entry is dropped with a warning, the rest is kept', async () => {
    const { file, open, log, json } = setup();
    fs.writeFileSync(file, JSON.stringify({ host_id: 'h1', paired: false, account_id: null, paired_at: null, pairing: { code: 5 } }));
    const store = await open();
    expect(store.hostId).toBe('h1');
    expect(store.snapshot().pairing).toBeNull();
    expect(log.has({ level: 'warn', msg: 'pairing code in state.json is malformed' })).toBe(true);
    expect(json().pairing).toBeNull();
  });
});

describe('writes', () => {
  it('are serialised: the file ends with the last update, and no temp file is left', async () => {
    const { dir, open, json } = setup();
    const store = await open();
    await Promise.all(Array.from({ length: 25 }, (_, i) => store.setPairingCode({ code: `C${i}`, pairUrl: 'https://p', expiresAtMs: i })));
    expect((json().pairing as { code: string }).code).toBe('C24');
    expect(fs.readdirSync(dir)).toEqual(['state.json']);
  });

  it('snapshot() sees an update at once', async () => {
    const { open } = setup();
    const store = await open();
    const pending = store.update({ accountId: 'x' });
    expect(store.snapshot().account_id).toBe('x');
    await pending;
  });

  it('keep keys written by someone else', async () => {
    const { file, open, json } = setup();
    fs.writeFileSync(file, JSON.stringify({ host_id: 'h1', paired: false, account_id: null, paired_at: null, future_key: { a: 1 } }));
    const store = await open();
    await store.update({ accountId: 'acc' });
    expect(json()).toEqual({ host_id: 'h1', paired: false, account_id: 'acc', paired_at: null, pairing: null, future_key: { a: 1 } });
  });

  it('a failed write rejects with StateError and the next write still runs', async () => {
    const { file, open, json } = setup();
    const store = await open();
    // A non-empty directory where the file should be: the atomic rename fails (even as root).
    fs.rmSync(file);
    fs.mkdirSync(path.join(file, 'x'), { recursive: true });
    await expect(store.update({ accountId: 'a' })).rejects.toBeInstanceOf(StateError);
    fs.rmSync(file, { recursive: true });
    await store.update({ accountId: 'b' });
    expect(json().account_id).toBe('b');
  });

  it('create the directory when needed', async () => {
    const file = path.join(home(), 'nested', 'dir', 'state.json');
    const store = await openStateStore({ path: file, log: createTestLogger() });
    expect(JSON.parse(fs.readFileSync(file, 'utf8')).host_id).toBe(store.hostId);
  });
});
