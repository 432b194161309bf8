// A staged update waits for running jobs: it installs as soon as none runs, waits at most 5
// minutes for a normal update and 30 seconds for a critical one, then installs anyway (the quit
// drain still gives the jobs their drain timeout). Real updater and feed; time moved by hand.
import { describe, expect, it } from 'vitest';
import { APPLY_WAIT_MS, CRITICAL_APPLY_WAIT_MS } from '../../src-main/desktop/update/apply-policy';
import { CHECK_EVERY_MS, UpdateService, type StagedUpdate } from '../../src-main/desktop/update/update-service';
import { localAppImageUpdater, useAppImageSandbox } from '../helpers/appimage-updater';
import { createTestLogger } from '../helpers/test-logger';
import { manualTimers, type ManualTimers } from '../unit/desktop/fakes/manual-timers';
import { waitUntil } from '../helpers/wait-until';

const FILE = 'Island-0.6.0-linux-x86_64.AppImage';
const BYTES = Buffer.from('#!/bin/sh\necho "Island 0.6.0"\n');

const sandbox = useAppImageSandbox('island-deferral');

function setup(jobs: { count: number }) {
  const updater = localAppImageUpdater(sandbox, sandbox.dir);
  const timers: ManualTimers = manualTimers();
  const installed: Array<StagedUpdate & { at: number }> = [];
  const log = createTestLogger();
  const service = new UpdateService({
    updater,
    keys: [sandbox.feed.key.release],
    log,
    timers,
    activeJobs: () => jobs.count,
    blockedReason: () => null,
    install: async (u) => {
      installed.push({ ...u, at: timers.now() });
    },
  });
  return { service, timers, installed, log };
}

describe('installing a staged update only when no job runs', () => {
  it('waits while jobs run and installs as soon as they have ended', async () => {
    sandbox.feed.publish({ version: '0.6.0', fileName: FILE, bytes: BYTES });
    const jobs = { count: 2 };
    const { service, timers, installed, log } = setup(jobs);
    const t0 = timers.now();
    const state = await service.checkNow();
    expect(state).toMatchObject({ type: 'waiting-for-jobs', version: '0.6.0', critical: false, deadline: t0 + APPLY_WAIT_MS });
    await timers.advance(4 * 60_000);
    expect(installed).toHaveLength(0);
    expect(service.state.type).toBe('waiting-for-jobs');
    jobs.count = 0;
    await timers.advance(5_000);
    expect(installed).toHaveLength(1);
    expect(installed[0]!.at - t0).toBeLessThanOrEqual(4 * 60_000 + 5_000);
    expect(service.state).toEqual({ type: 'installing', version: '0.6.0' });
    expect(log.has({ msg: 'although jobs still run' })).toBe(false);
  });

  it('installs anyway after 5 minutes of running jobs', async () => {
    sandbox.feed.publish({ version: '0.6.0', fileName: FILE, bytes: BYTES });
    const { service, timers, installed, log } = setup({ count: 1 });
    const t0 = timers.now();
    await service.checkNow();
    await timers.advance(APPLY_WAIT_MS - 1_000);
    expect(installed).toHaveLength(0);
    await timers.advance(1_000);
    expect(installed.map((u) => u.at - t0)).toEqual([APPLY_WAIT_MS]);
    expect(log.has({ level: 'warn', msg: 'installing the update although jobs still run: the wait is over' })).toBe(true);
  });

  it('waits only 30 seconds for a critical update', async () => {
    sandbox.feed.publish({ version: '0.6.0', fileName: FILE, bytes: BYTES, critical: true });
    const { service, timers, installed } = setup({ count: 3 });
    const t0 = timers.now();
    expect(await service.checkNow()).toMatchObject({ type: 'waiting-for-jobs', critical: true, deadline: t0 + CRITICAL_APPLY_WAIT_MS });
    await timers.advance(CRITICAL_APPLY_WAIT_MS - 1);
    expect(installed).toHaveLength(0);
    await timers.advance(1);
    expect(installed).toHaveLength(1);
    expect(installed[0]).toMatchObject({ version: '0.6.0', critical: true });
  });

  it('installs at once when the owner chooses "Restart to update" while jobs run', async () => {
    sandbox.feed.publish({ version: '0.6.0', fileName: FILE, bytes: BYTES });
    const { service, installed } = setup({ count: 1 });
    await service.checkNow();
    expect(installed).toHaveLength(0);
    await service.installNow();
    expect(installed).toHaveLength(1);
  });

  it('checks at start and again every 30 minutes', async () => {
    sandbox.feed.publish({ version: '0.5.0', fileName: 'Island-0.5.0-linux-x86_64.AppImage', bytes: BYTES });
    const { service, timers } = setup({ count: 0 });
    service.start();
    await waitUntil(() => service.state.type === 'up-to-date', 'the first check');
    expect(sandbox.feed.requests).toEqual(['/latest-linux.yml']);
    await timers.advance(CHECK_EVERY_MS - 1);
    expect(sandbox.feed.requests).toHaveLength(1);
    await timers.advance(1);
    await waitUntil(() => sandbox.feed.requests.length === 2 && service.state.type === 'up-to-date', 'the second check');
    service.stop();
    expect(timers.pending).toBe(0);
  });
});
