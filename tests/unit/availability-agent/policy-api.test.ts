// availability.setPolicy: written to config.toml (comments kept), applied to the running policy at
// once, a bad value named by its field; and the process list parsers game mode reads.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { AvailabilityPolicy } from '../../../src-shared/domain/availability/index';
import { loadConfig } from '../../../src-main/agent/config/load-config';
import { ConfigStore } from '../../../src-main/agent/api/config-store';
import { setPolicy } from '../../../src-main/agent/api/availability-policy';
import type { IslandPort } from '../../../src-main/agent/api/island-port';
import { parsePs, parseTasklist, processLister } from '../../../src-main/agent/availability/process-list';

let dir: string | null = null;
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = null;
});

function store(): ConfigStore {
  dir = mkdtempSync(path.join(tmpdir(), 'policy-api-'));
  const file = path.join(dir, 'config.toml');
  writeFileSync(file, '# my Island\n[coordinator]\nnats_url = "nats://127.0.0.1:4222"\n\n[availability]\n# keep this note\nmode = "online"\n');
  return new ConfigStore(file, loadConfig({ path: file, explicit: true, env: {} }).config);
}

function fakeIsland(applied: AvailabilityPolicy[]): IslandPort {
  return { availability: { setPolicy: (p: AvailabilityPolicy) => (applied.push(p), null as never), status: () => null as never, setManual: () => null as never } } as unknown as IslandPort;
}

const view = { mode: 'online' as const, pausedUntil: null, takingJobs: true, reason: 'Taking jobs' };

describe('availability.setPolicy', () => {
  it('writes the keys to config.toml keeping comments, and hands the new policy to the running Island', async () => {
    const config = store();
    const applied: AvailabilityPolicy[] = [];
    const r = await setPolicy(fakeIsland(applied), config, { thermal_pause_c: 85, thermal_resume_c: 75, on_pause: 'cancel', game_mode: true, game_processes: ['eldenring.exe'] }, () => view);
    const text = readFileSync(config.path, 'utf8');
    expect(text).toContain('# keep this note');
    expect(text).toMatch(/thermal_pause_c = 85/);
    expect(r.settings).toMatchObject({ thermal_pause_c: 85, thermal_resume_c: 75, on_pause: 'cancel', game_mode: true });
    expect(r.restartRequired).toBe(false);
    expect(applied).toHaveLength(1);
    expect(applied[0]).toMatchObject({ thermal: { gpu: { pauseAtC: 85, resumeBelowC: 75 } }, onPause: { runningJobs: 'cancel' }, game: { kind: 'on', processes: ['eldenring.exe'] } });
    // null removes an optional key
    await setPolicy(fakeIsland(applied), config, { thermal_pause_c: null, thermal_resume_c: null }, () => view);
    expect(applied[1]!.thermal.gpu).toBeNull();
  });

  it('a value the schema refuses is a bad request naming the field, and nothing is applied or written', async () => {
    const config = store();
    const before = readFileSync(config.path, 'utf8');
    const applied: AvailabilityPolicy[] = [];
    await expect(setPolicy(fakeIsland(applied), config, { thermal_pause_c: 80, thermal_resume_c: 90 }, () => view)).rejects.toMatchObject({
      code: 'bad-request',
      field: 'params.thermal_resume_c',
      message: expect.stringMatching(/must be below thermal_pause_c/),
    });
    expect(applied).toEqual([]);
    expect(readFileSync(config.path, 'utf8')).toBe(before);
  });

  it('changing the excluded GPUs says a restart is needed', async () => {
    const r = await setPolicy(fakeIsland([]), store(), { exclude_gpus: ['1'] }, () => view);
    expect(r.restartRequired).toBe(true);
  });
});

describe('process lists for game mode', () => {
  it('reads Windows tasklist CSV and macOS ps output, lower-cased without .exe', () => {
    expect(parseTasklist('"System Idle Process","0","Services","0","8 K"\r\n"EldenRing.exe","4242","Console","1","2,000,000 K"\r\n')).toEqual(['system idle process', 'eldenring']);
    expect(parsePs('COMM\nlaunchd\nSteam Helper\n')).toEqual(['launchd', 'steam helper']);
  });

  it('scans /proc/<pid>/comm on Linux, skipping processes that end mid-scan', async () => {
    const files: Record<string, string> = { '/p/1/comm': 'systemd\n', '/p/77/comm': 'Cyberpunk2077.exe\n' };
    const list = processLister({ platform: 'linux', procRoot: '/p', readdir: async () => ['1', '77', '99', 'self', 'net'], readFile: async (f) => files[f] ?? Promise.reject(new Error('ENOENT')) });
    expect(await list()).toEqual(['systemd', 'cyberpunk2077']);
  });

  it('lists this machine\'s real processes, including this test runner', async () => {
    if (process.platform !== 'linux') return;
    const names = await processLister()();
    expect(names.length).toBeGreaterThan(1);
    expect(names.some((n) => n.startsWith('node') || n.includes('vitest'))).toBe(true);
  });
});
