// Rolling back an update that does not start: the pure decision as a table, then RollbackGuard
// carrying it out against in-memory files (marker, blocked versions, kept installers) and each
// platform's reinstall.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { decideOnCrash, decideOnLaunch, type UpdateMarker } from '../../../src-main/desktop/update/rollback-decision';
import { RollbackGuard } from '../../../src-main/desktop/update/rollback-guard';
import { RollbackStore, type UpdateFiles } from '../../../src-main/desktop/update/rollback-store';
import { reinstaller } from '../../../src-main/desktop/update/platform-reinstall';
import type { Notice } from '../../../src-main/desktop/system/notifications';
import { createTestLogger } from '../../helpers/test-logger';

const pending = (over: Partial<UpdateMarker> = {}): UpdateMarker => ({
  state: 'pending',
  fromVersion: '0.5.0',
  toVersion: '0.6.0',
  previousArtifact: '/u/kept/0.5.0/Island.AppImage',
  failedLaunches: 0,
  writtenAt: 1,
  ...over,
});

describe('decideOnLaunch', () => {
  it.each<[string, UpdateMarker | null, string, unknown]>([
    ['no update in flight', null, '0.5.0', { type: 'normal' }],
    ['first launch of the new version', pending(), '0.6.0', { type: 'verify', marker: pending({ failedLaunches: 1 }) }],
    ['third launch without a ready agent', pending({ failedLaunches: 2 }), '0.6.0', { type: 'verify', marker: pending({ failedLaunches: 3 }) }],
    ['fourth launch: roll back', pending({ failedLaunches: 3 }), '0.6.0', { type: 'rollback', artifact: '/u/kept/0.5.0/Island.AppImage', marker: pending({ failedLaunches: 3, state: 'rolling-back' }) }],
    ['fails with nothing kept', pending({ failedLaunches: 3, previousArtifact: null }), '0.6.0', { type: 'cannot-roll-back', version: '0.6.0', reason: '0.6.0 started 3 times without its agent becoming ready, and no previous version was kept to go back to' }],
    ['still on the old version: not installed', pending(), '0.5.0', { type: 'not-installed', version: '0.6.0' }],
    ['a manual install since', pending(), '0.7.0', { type: 'stale' }],
    ['back on the old version after a rollback', pending({ state: 'rolling-back' }), '0.5.0', { type: 'rolled-back', badVersion: '0.6.0', version: '0.5.0' }],
    ['the rollback did not take', pending({ state: 'rolling-back' }), '0.6.0', { type: 'rollback-failed', version: '0.6.0' }],
    ['rolling back, then a manual install', pending({ state: 'rolling-back' }), '0.7.0', { type: 'stale' }],
  ])('%s', (_name, marker, running, expected) => {
    expect(decideOnLaunch(marker, running)).toEqual(expected);
  });

  it('takes its limits from the caller', () => {
    expect(decideOnLaunch(pending({ failedLaunches: 1 }), '0.6.0', { maxFailedLaunches: 1, maxCrashesBeforeReady: 3 }).type).toBe('rollback');
  });
});

describe('decideOnCrash', () => {
  it('rolls back after the third crash before ready, not before', () => {
    expect(decideOnCrash(pending(), 2)).toBeNull();
    expect(decideOnCrash(pending(), 3)).toMatchObject({ type: 'rollback', artifact: '/u/kept/0.5.0/Island.AppImage' });
    expect(decideOnCrash(pending({ previousArtifact: null }), 3)).toMatchObject({ type: 'cannot-roll-back', reason: expect.stringContaining('crashed 3 times before it was ready') });
    expect(decideOnCrash(pending({ state: 'rolling-back' }), 5)).toBeNull();
  });
});

class MemoryFiles implements UpdateFiles {
  files = new Map<string, string>();
  async readText(f: string) {
    return this.files.get(f) ?? null;
  }
  async writeText(f: string, t: string) {
    this.files.set(f, t);
  }
  async remove(f: string) {
    for (const k of [...this.files.keys()]) if (k === f || k.startsWith(f + path.sep)) this.files.delete(k);
  }
  async copy(from: string, to: string) {
    const data = this.files.get(from);
    if (data === undefined) throw new Error(`ENOENT: ${from}`);
    this.files.set(to, data);
  }
  async exists(f: string) {
    return this.files.has(f);
  }
  async list(dir: string) {
    const names = new Set<string>();
    for (const k of this.files.keys()) if (k.startsWith(dir + path.sep)) names.add(k.slice(dir.length + 1).split(path.sep)[0]!);
    return [...names].sort();
  }
  async rename(from: string, to: string) {
    const d = this.files.get(from);
    if (d === undefined) throw new Error('ENOENT');
    this.files.delete(from);
    this.files.set(to, d);
  }
}

const DIR = '/u';
const MARKER = path.join(DIR, 'pending-verification.json');

function guard(running: string, files = new MemoryFiles(), selfArtifact: string | null = '/apps/Island.AppImage') {
  const notices: Notice[] = [];
  const reinstalled: string[] = [];
  const log = createTestLogger();
  const store = new RollbackStore(DIR, files, log, () => 99);
  const g = new RollbackGuard({
    store,
    running,
    reinstall: async (a) => void reinstalled.push(a),
    selfArtifact: () => selfArtifact,
    notify: (n) => notices.push(n),
    log,
    now: () => 5,
  });
  return { g, files, notices, reinstalled, log, store };
}

describe('RollbackGuard', () => {
  it('keeps the running AppImage and the new installer, and writes the marker before installing', async () => {
    const { g, files } = guard('0.5.0');
    files.files.set('/apps/Island.AppImage', 'v0.5.0 bytes');
    files.files.set('/cache/pending/Island-0.6.0.AppImage', 'v0.6.0 bytes');
    await g.prepareInstall({ version: '0.6.0', file: '/cache/pending/Island-0.6.0.AppImage', notes: null, critical: false, keyId: 'k' });
    expect(files.files.get('/u/kept/0.5.0/Island.AppImage')).toBe('v0.5.0 bytes');
    expect(files.files.get('/u/kept/0.6.0/Island-0.6.0.AppImage')).toBe('v0.6.0 bytes');
    expect(JSON.parse(files.files.get(MARKER)!)).toEqual(pending({ previousArtifact: '/u/kept/0.5.0/Island.AppImage', writtenAt: 5 }));
  });

  it('on Windows/macOS keeps the installer that installed the running version, when there is one', async () => {
    const { g, files } = guard('0.5.0', new MemoryFiles(), null);
    files.files.set('/u/kept/0.5.0/Island-Setup-0.5.0.exe', 'setup 0.5.0');
    files.files.set('/cache/Island-Setup-0.6.0.exe', 'setup 0.6.0');
    await g.prepareInstall({ version: '0.6.0', file: '/cache/Island-Setup-0.6.0.exe', notes: null, critical: false, keyId: 'k' });
    expect(JSON.parse(files.files.get(MARKER)!).previousArtifact).toBe('/u/kept/0.5.0/Island-Setup-0.5.0.exe');
  });

  it('counts a launch of the new version and clears the marker once the agent is ready', async () => {
    const files = new MemoryFiles();
    files.files.set(MARKER, JSON.stringify(pending()));
    files.files.set('/u/kept/0.5.0/Island.AppImage', 'old');
    files.files.set('/u/kept/0.6.0/Island-0.6.0.AppImage', 'new');
    const { g } = guard('0.6.0', files);
    expect(await g.onLaunch()).toEqual({ type: 'continue' });
    expect(JSON.parse(files.files.get(MARKER)!).failedLaunches).toBe(1);
    await g.onAgentReady();
    expect(files.files.has(MARKER)).toBe(false);
    expect([...files.files.keys()]).toEqual(['/u/kept/0.6.0/Island-0.6.0.AppImage']);
    await g.onAgentCrash();
    expect(files.files.has(MARKER)).toBe(false);
  });

  it('rolls back when the agent crashes three times before it is ready', async () => {
    const files = new MemoryFiles();
    files.files.set(MARKER, JSON.stringify(pending()));
    const { g, reinstalled } = guard('0.6.0', files);
    await g.onLaunch();
    await g.onAgentCrash();
    await g.onAgentCrash();
    expect(reinstalled).toEqual([]);
    await g.onAgentCrash();
    expect(reinstalled).toEqual(['/u/kept/0.5.0/Island.AppImage']);
    expect(JSON.parse(files.files.get(MARKER)!).state).toBe('rolling-back');
  });

  it('rolls back at launch after too many failed launches, and stops the launch there', async () => {
    const files = new MemoryFiles();
    files.files.set(MARKER, JSON.stringify(pending({ failedLaunches: 3 })));
    const { g, reinstalled } = guard('0.6.0', files);
    expect(await g.onLaunch()).toEqual({ type: 'rolling-back' });
    expect(reinstalled).toEqual(['/u/kept/0.5.0/Island.AppImage']);
  });

  it('sees a rollback through: blocks the bad version and tells the owner', async () => {
    const files = new MemoryFiles();
    files.files.set(MARKER, JSON.stringify(pending({ state: 'rolling-back' })));
    const { g, notices } = guard('0.5.0', files);
    expect(await g.onLaunch()).toEqual({ type: 'continue' });
    expect(files.files.has(MARKER)).toBe(false);
    expect(g.blockedReason('0.6.0')).toBe('rolled back: it did not start on this machine');
    expect(JSON.parse(files.files.get('/u/blocked-versions.json')!)).toEqual({ '0.6.0': 'rolled back: it did not start on this machine' });
    expect(notices).toEqual([{ title: 'Went back to Island 0.5.0', body: 'Version 0.6.0 did not start on this machine; it will not be installed again.' }]);
    const next = guard('0.5.0', files);
    await next.g.onLaunch();
    expect(next.g.blockedReason('0.6.0')).not.toBeNull();
  });

  it('tells the owner when it cannot roll back, and carries on', async () => {
    const files = new MemoryFiles();
    files.files.set(MARKER, JSON.stringify(pending({ failedLaunches: 3, previousArtifact: null })));
    const { g, notices, reinstalled } = guard('0.6.0', files);
    expect(await g.onLaunch()).toEqual({ type: 'continue' });
    expect(reinstalled).toEqual([]);
    expect(files.files.has(MARKER)).toBe(false);
    expect(notices[0]?.title).toBe('Island 0.6.0 does not start properly');
  });

  it('moves an unreadable marker aside and says so', async () => {
    const files = new MemoryFiles();
    files.files.set(MARKER, '{"state":"pending","fromVersion":""}');
    const { g, log } = guard('0.6.0', files);
    expect(await g.onLaunch()).toEqual({ type: 'continue' });
    expect(files.files.has(`${MARKER}.unreadable-99`)).toBe(true);
    expect(log.has({ level: 'error', msg: /pending-verification\.json is unreadable \(fromVersion: .*\); moved aside/ })).toBe(true);
  });
});

describe('platform reinstall', () => {
  const deps = () => {
    const calls: string[] = [];
    return {
      calls,
      d: {
        spawnDetached: (f: string, a: string[]) => void calls.push(`spawn ${f} ${a.join(' ')}`.trim()),
        replaceFile: async (from: string, to: string) => void calls.push(`replace ${from} -> ${to}`),
        exit: () => void calls.push('exit'),
      },
    };
  };

  it('puts the kept AppImage back over $APPIMAGE and starts it', async () => {
    const { calls, d } = deps();
    await reinstaller({ type: 'appimage', appImage: '/apps/Island.AppImage' }, d)('/u/kept/0.5.0/Island.AppImage');
    expect(calls).toEqual(['replace /u/kept/0.5.0/Island.AppImage -> /apps/Island.AppImage', 'spawn /apps/Island.AppImage', 'exit']);
  });

  it('runs the kept NSIS installer silently, per user', async () => {
    const { calls, d } = deps();
    await reinstaller({ type: 'nsis' }, d)('C:/u/kept/0.5.0/Island-Setup-0.5.0.exe');
    expect(calls).toEqual(['spawn C:/u/kept/0.5.0/Island-Setup-0.5.0.exe /S --force-run', 'exit']);
  });

  it('refuses the wrong kind of file, and platforms without an automatic rollback', async () => {
    const { calls, d } = deps();
    await expect(reinstaller({ type: 'appimage', appImage: '/a' }, d)('/u/x.exe')).rejects.toThrow('not an AppImage');
    await expect(reinstaller({ type: 'none', why: 'macOS updates cannot be rolled back automatically' }, d)('/u/kept/0.5.0/Island.zip')).rejects.toThrow(
      'macOS updates cannot be rolled back automatically; the kept installer is /u/kept/0.5.0/Island.zip',
    );
    expect(calls).toEqual([]);
  });
});
