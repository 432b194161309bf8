// The desktop self-update end to end in plain Node: electron-updater's real AppImageUpdater (with a
// Node app adapter and HTTP executor instead of Electron's) against a local feed on 127.0.0.1,
// driven by UpdateService. Proves: a newer version is found, downloaded (sha512 checked by
// electron-updater), its Ed25519 signature verified and only then staged and installed; a tampered
// download, a signature by another key and a missing signature are each refused, deleted and never
// installed; a rolled-back version is not even downloaded.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { realTimers } from '../../src-main/desktop/agent/agent-process';
import { UpdateService, type StagedUpdate } from '../../src-main/desktop/update/update-service';
import type { UpdateState } from '../../src-main/desktop/update/update-state';
import { localAppImageUpdater, useAppImageSandbox } from '../helpers/appimage-updater';
import { createTestLogger } from '../helpers/test-logger';
import { generateSigningKey, sha512Base64 } from '../helpers/update-feed';

const NEW = Buffer.from(`#!/bin/sh\necho "Island 0.6.0"\n${'x'.repeat(200_000)}\n`);
const FILE = 'Island-0.6.0-linux-x86_64.AppImage';

const sandbox = useAppImageSandbox('island-updater');

function makeService(opts: { blocked?: Record<string, string>; keys?: ReturnType<typeof generateSigningKey>['release'][] } = {}) {
  const updater = localAppImageUpdater(sandbox, path.join(sandbox.dir, 'userData'));
  const installed: StagedUpdate[] = [];
  const states: UpdateState[] = [];
  const log = createTestLogger();
  const service = new UpdateService({
    updater,
    keys: opts.keys ?? [sandbox.feed.key.release],
    log,
    timers: realTimers,
    activeJobs: () => 0,
    blockedReason: (v) => opts.blocked?.[v] ?? null,
    install: async (u) => {
      installed.push(u);
    },
  });
  service.onState((s) => states.push(s));
  return { service, installed, states, log };
}

const cacheFile = () => path.join(sandbox.dir, 'cache', 'island-updater-test', 'pending', FILE);

describe('desktop self-update against a local feed', () => {
  it('finds a newer version, downloads it, verifies sha512 and Ed25519, stages and installs it', async () => {
    sandbox.feed.publish({ version: '0.6.0', fileName: FILE, bytes: NEW, notes: '<p>Faster model loading</p>' });
    const { service, installed, states } = makeService();
    const state = await service.checkNow();
    expect(state.type).toBe('installing');
    // Consecutive duplicates are download progress.
    expect(states.map((s) => s.type).filter((t, i, all) => t !== all[i - 1])).toEqual(['checking', 'downloading', 'verifying', 'staged', 'installing']);
    expect(states.filter((s) => s.type === 'downloading').at(-1)).toMatchObject({ percent: 100 });
    expect(installed).toHaveLength(1);
    const staged = installed[0]!;
    expect(staged).toMatchObject({ version: '0.6.0', keyId: 'test-release', critical: false, notes: 'Faster model loading' });
    expect(staged.file).toBe(cacheFile());
    expect(readFileSync(staged.file).equals(NEW)).toBe(true);
    expect(sandbox.feed.requests).toEqual(['/latest-linux.yml', `/${FILE}`]);
  });

  it('says up to date when the feed has the running version', async () => {
    sandbox.feed.publish({ version: '0.5.0', fileName: 'Island-0.5.0-linux-x86_64.AppImage', bytes: NEW });
    const { service, installed } = makeService();
    expect((await service.checkNow()).type).toBe('up-to-date');
    expect(installed).toHaveLength(0);
    expect(sandbox.feed.requests).toEqual(['/latest-linux.yml']);
  });

  it('refuses a download that does not match the feed sha512 (a tampered mirror)', async () => {
    const tampered = Buffer.from(NEW);
    tampered[100] = tampered[100]! ^ 0xff;
    sandbox.feed.publish({ version: '0.6.0', fileName: FILE, bytes: NEW, serve: tampered });
    const { service, installed, log } = makeService();
    const state = await service.checkNow();
    expect(state).toMatchObject({ type: 'refused', version: '0.6.0', reason: expect.stringContaining('sha512') });
    expect(installed).toHaveLength(0);
    expect(existsSync(cacheFile())).toBe(false);
    expect(log.has({ level: 'error', msg: 'refused an update' })).toBe(true);
  });

  it('refuses an update signed by a key the app does not trust, and deletes it', async () => {
    sandbox.feed.publish({ version: '0.6.0', fileName: FILE, bytes: NEW, signWith: generateSigningKey('attacker') });
    const { service, installed } = makeService();
    const state = await service.checkNow();
    expect(state).toMatchObject({ type: 'refused', reason: expect.stringContaining('No valid signature found (tried 1 key)') });
    expect(installed).toHaveLength(0);
    expect(existsSync(cacheFile())).toBe(false);
  });

  it('refuses an update whose feed carries no signature', async () => {
    sandbox.feed.publish({ version: '0.6.0', fileName: FILE, bytes: NEW, signWith: null });
    const { service, installed } = makeService();
    expect(await service.checkNow()).toMatchObject({ type: 'refused', reason: 'the update feed has no Ed25519 signature for it' });
    expect(installed).toHaveLength(0);
    expect(existsSync(cacheFile())).toBe(false);
  });

  it('accepts a signature by any of several embedded keys (key rotation)', async () => {
    const next = generateSigningKey('release-next');
    sandbox.feed.publish({ version: '0.6.0', fileName: FILE, bytes: NEW, signWith: next });
    const { service, installed } = makeService({ keys: [sandbox.feed.key.release, next.release] });
    await service.checkNow();
    expect(installed.map((u) => u.keyId)).toEqual(['release-next']);
  });

  it('does not download a version that was rolled back on this machine', async () => {
    sandbox.feed.publish({ version: '0.6.0', fileName: FILE, bytes: NEW });
    const { service, installed } = makeService({ blocked: { '0.6.0': 'rolled back: it did not start on this machine' } });
    expect(await service.checkNow()).toMatchObject({ type: 'refused', reason: 'rolled back: it did not start on this machine' });
    expect(installed).toHaveLength(0);
    expect(sandbox.feed.requests).toEqual(['/latest-linux.yml']);
  });

  it('does not download a refused version again in the same session', async () => {
    sandbox.feed.publish({ version: '0.6.0', fileName: FILE, bytes: NEW, signWith: null });
    const { service } = makeService();
    await service.checkNow();
    sandbox.feed.requests.length = 0;
    expect((await service.checkNow()).type).toBe('refused');
    expect(sandbox.feed.requests).toEqual(['/latest-linux.yml']);
  });

  it('stages a release signed by scripts/sign-update-feed.mjs, the release pipeline’s signer', async () => {
    const release = path.join(sandbox.dir, 'release');
    mkdirSync(release);
    writeFileSync(path.join(release, FILE), NEW);
    // latest-linux.yml as electron-builder writes it.
    writeFileSync(
      path.join(release, 'latest-linux.yml'),
      `version: 0.6.0\nfiles:\n  - url: ${FILE}\n    sha512: ${sha512Base64(NEW)}\n    size: ${NEW.length}\npath: ${FILE}\nsha512: ${sha512Base64(NEW)}\nreleaseDate: '2026-11-22T10:00:00.000Z'\n`,
    );
    const pem = path.join(sandbox.dir, 'release-key.pem');
    writeFileSync(pem, sandbox.feed.key.privateKey.export({ format: 'pem', type: 'pkcs8' }));
    execFileSync(process.execPath, [path.resolve(import.meta.dirname, '../../scripts/sign-update-feed.mjs'), '--key', pem, '--critical', release], { stdio: 'pipe' });
    sandbox.feed.serveRaw(readFileSync(path.join(release, 'latest-linux.yml'), 'utf8'), { name: FILE, body: NEW });
    const { service, installed } = makeService();
    await service.checkNow();
    expect(installed).toHaveLength(1);
    expect(installed[0]).toMatchObject({ version: '0.6.0', keyId: 'test-release', critical: true });
  });
});
