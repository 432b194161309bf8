// The Island as its owner runs it: a real process in a throwaway home, started with the bundled
// command (`bin/island.mjs --agent --config … --dashboard-port 0`) or with the same headless entry
// plus the scriptable FakeRuntime (tests/helpers/island-process-entry.ts). Either way the dashboard
// URL is read from the line the Island prints on stdout, exactly as the owner would copy it.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { waitUntil } from '../../helpers/wait-until';
import { REPO_ROOT } from './build';
import type { DashboardIsland } from './dashboard-island';

const BIN = path.join(REPO_ROOT, 'bin', 'island.mjs');
const FAKE_RUNTIME_ENTRY = path.join(REPO_ROOT, 'tests', 'helpers', 'island-process-entry.ts');
export const DASHBOARD_LINE = /^Dashboard: (http:\/\/127\.0\.0\.1:(\d+)\/)\?token=([A-Za-z0-9_-]{43})$/m;

export interface IslandProcessOptions {
  /** `cli`: the bundled command with the build's own runtimes; `fake-runtime`: runAgent offering FakeRuntime('wasm'). */
  command: 'cli' | 'fake-runtime';
  natsUrl: string;
  apiUrl: string;
  hostId: string;
  /** More TOML after `[coordinator]` and `[dashboard]` (start it with a table header). */
  toml?: string;
  startTimeoutMs?: number;
}

export async function startIslandProcess(o: IslandProcessOptions): Promise<DashboardIsland> {
  const home = mkdtempSync(path.join(tmpdir(), 'island-e2e-'));
  const configPath = path.join(home, 'config.toml');
  writeFileSync(
    configPath,
    `# written by the e2e harness\nhost_id = "${o.hostId}"\n\n[coordinator]\nnats_url = "${o.natsUrl}"\napi_url = "${o.apiUrl}"\n\n[dashboard]\nport = 0\n\n${o.toml ?? ''}\n`,
  );
  const args = o.command === 'cli' ? [BIN, '--agent', '--config', configPath, '--dashboard-port', '0'] : ['--import', 'tsx', FAKE_RUNTIME_ENTRY, '--config', configPath];
  const child = spawn(process.execPath, args, { cwd: REPO_ROOT, env: { ...process.env, ISLAND_HOME: home, ISLAND_LOG: 'info' }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let all = '';
  child.stdout!.on('data', (d: Buffer) => ((stdout += d), (all += d)));
  child.stderr!.on('data', (d: Buffer) => (all += d));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));

  try {
    await waitUntil(() => DASHBOARD_LINE.test(stdout) || child.exitCode !== null, 'the Dashboard line on stdout', o.startTimeoutMs ?? 45_000, 50);
    const m = DASHBOARD_LINE.exec(stdout);
    if (!m) throw new Error(`the Island exited (${child.exitCode}) before printing its Dashboard line`);
    const [, url, , token] = m as unknown as [string, string, string, string];
    return {
      hostId: o.hostId,
      url,
      token,
      urlWithToken: `${url}?token=${token}`,
      configPath,
      configText: () => readFileSync(configPath, 'utf8'),
      output: () => all,
      stop: () => stopProcess(child, exited, home),
    };
  } catch (err) {
    await stopProcess(child, exited, home);
    throw new Error(`${(err as Error).message}\n--- Island output ---\n${all}`);
  }
}

/** SIGTERM (the Island drains), then SIGKILL if it has not exited in 15 s; removes the home. */
async function stopProcess(child: ChildProcess, exited: Promise<number | null>, home: string): Promise<number | null> {
  if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
  const code = await exited;
  clearTimeout(timer);
  rmSync(home, { recursive: true, force: true });
  return code;
}
