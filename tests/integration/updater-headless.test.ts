// Headless update checks against the reference coordinator's real HTTP endpoint
// (`GET /api/v1/agent/update`, island-protocol.md §10.1): the query it sends, strict decoding of the
// answer, one log line per new version (a warning when critical), errors named, nothing replaced.
import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { updateCheckUrl } from '../../src-main/agent/update/update-check';
import { updatePlatform } from '../../src-main/agent/update/update-platform';
import { UPDATE_CHECK_EVERY_MS, UPDATE_CHECK_JITTER_MS, UpdateWatch } from '../../src-main/agent/update/update-watch';
import { AGENT_VERSION } from '../../src-main/agent/version';
import { UPDATE_MISSING_FIELDS_ERROR } from '../../src-shared/protocol/decode';
import { startReferenceCoordinator } from '../harness/coordinator/index';
import type { ReferenceCoordinator } from '../harness/coordinator/types';
import { startNatsServer, type NatsServerHandle } from '../harness/nats-server';
import { requireBinary } from '../harness/services';
import { createTestLogger } from '../helpers/test-logger';

const natsBin = requireBinary('nats-server', { neededBy: 'the headless update check tests (reference coordinator)' });
const SIG = 'ab'.repeat(64);
const SHA = 'cd'.repeat(32);

describe('platform names and URLs', () => {
  it('names platforms as the update endpoint expects', () => {
    expect(updatePlatform('linux', 'x64')).toBe('linux-x86_64');
    expect(updatePlatform('linux', 'arm64')).toBe('linux-aarch64');
    expect(updatePlatform('darwin', 'arm64')).toBe('darwin-aarch64');
    expect(updatePlatform('darwin', 'x64')).toBe('darwin-x86_64');
    expect(updatePlatform('win32', 'x64')).toBe('windows-x86_64');
    expect(updatePlatform('freebsd', 'riscv64')).toBe('freebsd-riscv64');
  });

  it('builds the URL from api_url, keeping a path prefix and escaping the query', () => {
    const q = { version: '0.5.0', platform: 'linux-x86_64', hostId: 'a b&c' };
    expect(updateCheckUrl('https://app.archipelag.io/', q)).toBe('https://app.archipelag.io/api/v1/agent/update?version=0.5.0&platform=linux-x86_64&host_id=a+b%26c');
    expect(updateCheckUrl('https://example.org/coord', q)).toBe('https://example.org/coord/api/v1/agent/update?version=0.5.0&platform=linux-x86_64&host_id=a+b%26c');
  });
});

describe.skipIf(!natsBin)('headless update checks against the reference coordinator', () => {
  let nats: NatsServerHandle;
  let coord: ReferenceCoordinator;
  const hostId = randomUUID();
  const platform = updatePlatform(process.platform, process.arch);
  const query = { version: AGENT_VERSION, platform, hostId };

  beforeAll(async () => {
    nats = await startNatsServer();
    coord = await startReferenceCoordinator({ natsUrl: nats.url });
  });
  afterAll(async () => {
    await coord?.close();
    await nats?.stop();
  });
  afterEach(() => {
    coord.setUpdateInfo(null);
    coord.assertNoViolations();
  });

  it('asks with version, platform and host id, and stays quiet when there is nothing new', async () => {
    const log = createTestLogger();
    const watch = new UpdateWatch({ apiUrl: coord.httpUrl, query, log });
    const before = coord.updateChecks.length;
    expect(await watch.checkNow()).toMatchObject({ type: 'up-to-date' });
    expect(coord.updateChecks.slice(before).map((c) => c.message)).toEqual([{ version: AGENT_VERSION, platform, host_id: hostId }]);
    expect(log.messages('info')).toEqual([]);
  });

  it('tells the owner once per new version, with the download URL and notes', async () => {
    coord.setUpdateInfo({
      update_available: true,
      latest_version: '0.6.0',
      download_url: 'https://example.org/island-0.6.0-linux-x86_64',
      signature: SIG,
      checksum_sha256: SHA,
      size_bytes: 31457280,
      release_notes: 'Faster start-up',
    });
    const log = createTestLogger();
    const watch = new UpdateWatch({ apiUrl: coord.httpUrl, query, log });
    const state = await watch.checkNow();
    expect(state).toMatchObject({ type: 'available', info: { latest_version: '0.6.0', current_version: AGENT_VERSION, is_critical: false } });
    await watch.checkNow();
    const told = log.filter({ msg: 'Update available: Island 0.6.0' });
    expect(told).toHaveLength(1);
    expect(told[0]).toMatchObject({ level: 'info', fields: { latest: '0.6.0', download_url: 'https://example.org/island-0.6.0-linux-x86_64', notes: 'Faster start-up' } });
    expect(told[0]!.msg).toContain('it is not replaced automatically');
  });

  it('warns about a critical update', async () => {
    coord.setUpdateInfo({ update_available: true, latest_version: '0.6.1', is_critical: true, download_url: 'https://example.org/x', signature: SIG, checksum_sha256: SHA });
    const log = createTestLogger();
    await new UpdateWatch({ apiUrl: coord.httpUrl, query, log }).checkNow();
    expect(log.find({ msg: 'Critical update: Update available: Island 0.6.1' })?.level).toBe('warn');
  });

  it('refuses an answer that claims an update but leaves out the signature, with the Rust wording', async () => {
    coord.setUpdateInfo({ update_available: true, latest_version: '0.6.0', download_url: 'https://example.org/x', checksum_sha256: SHA });
    const log = createTestLogger();
    const state = await new UpdateWatch({ apiUrl: coord.httpUrl, query, log }).checkNow();
    expect(state).toMatchObject({ type: 'failed', error: `GET /api/v1/agent/update: unexpected answer: ${UPDATE_MISSING_FIELDS_ERROR}` });
    expect(log.has({ level: 'warn', msg: 'update check failed' })).toBe(true);
  });

  it('names an HTTP failure, and a coordinator that is not there', async () => {
    const log = createTestLogger();
    const bad = await new UpdateWatch({ apiUrl: coord.httpUrl, query: { ...query, hostId: '' }, log }).checkNow();
    expect(bad).toMatchObject({ type: 'failed', error: expect.stringMatching(/^GET \/api\/v1\/agent\/update: HTTP 400/) });
    const gone = await new UpdateWatch({ apiUrl: 'http://127.0.0.1:1', query, log }).checkNow();
    expect(gone).toMatchObject({ type: 'failed', error: expect.stringContaining('cannot reach http://127.0.0.1:1') });
  });

  it('checks at start and then every 30 minutes plus jitter, until stopped', async () => {
    const log = createTestLogger();
    const timers: Array<{ fn: () => void; ms: number }> = [];
    const watch = new UpdateWatch({
      apiUrl: coord.httpUrl,
      query,
      log,
      random: () => 0.5,
      setTimer: (fn, ms) => {
        timers.push({ fn, ms });
        return {};
      },
      clearTimer: () => undefined,
    });
    const before = coord.updateChecks.length;
    watch.start();
    await expect.poll(() => timers.length).toBe(1);
    expect(coord.updateChecks.length - before).toBe(1);
    expect(timers[0]!.ms).toBe(UPDATE_CHECK_EVERY_MS + UPDATE_CHECK_JITTER_MS / 2);
    timers[0]!.fn();
    await expect.poll(() => timers.length).toBe(2);
    expect(coord.updateChecks.length - before).toBe(2);
    watch.stop();
    timers[1]!.fn();
    await expect.poll(() => coord.updateChecks.length - before).toBe(3);
    await new Promise((r) => setTimeout(r, 50));
    expect(timers).toHaveLength(2);
  });

  it('is off, and says how to turn it on, without an api_url', async () => {
    const log = createTestLogger();
    const watch = new UpdateWatch({ apiUrl: undefined, query, log });
    watch.start();
    expect(watch.state).toEqual({ type: 'off', reason: 'no [coordinator] api_url is configured' });
    expect(log.has({ msg: 'update checks are off: set [coordinator] api_url' })).toBe(true);
  });
});
