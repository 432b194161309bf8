// `island --agent` as an owner runs it (the bundled command): it prints the dashboard URL with its
// token on a line of its own, the page and the API answer there, the token stays out of the log
// file, and --dashboard-port / --no-dashboard / [dashboard] port are honoured.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startReferenceCoordinator } from '../harness/coordinator/index';
import type { ReferenceCoordinator } from '../harness/coordinator/types';
import { startNatsServer, type NatsServerHandle } from '../harness/nats-server';
import { requireBinary } from '../harness/services';
import { connectDashboard } from '../helpers/dashboard-client';
import { waitUntil } from '../helpers/wait-until';

const ROOT = path.join(import.meta.dirname, '..', '..');
const BIN = path.join(ROOT, 'bin', 'island.mjs');
const natsBin = requireBinary('nats-server');
const DASHBOARD_LINE = /^Dashboard: (http:\/\/127\.0\.0\.1:(\d+)\/)\?token=([A-Za-z0-9_-]{43})$/m;

interface Run {
  child: ChildProcess;
  home: string;
  stdout(): string;
  all(): string;
  exited: Promise<number | null>;
}

function start(args: string[], toml: string): Run {
  const home = mkdtempSync(path.join(tmpdir(), 'island-dash-proc-'));
  writeFileSync(path.join(home, 'config.toml'), toml);
  const child = spawn(process.execPath, [BIN, '--agent', ...args], { env: { ...process.env, ISLAND_HOME: home, ISLAND_LOG: 'info' }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let all = '';
  child.stdout!.on('data', (d) => ((out += d), (all += d)));
  child.stderr!.on('data', (d) => (all += d));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, home, stdout: () => out, all: () => all, exited };
}

async function stop(run: Run): Promise<number | null> {
  run.child.kill('SIGTERM');
  const code = await run.exited;
  rmSync(run.home, { recursive: true, force: true });
  return code;
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

describe.skipIf(!natsBin)('island --agent with its dashboard (bundled command, real process)', () => {
  let nats: NatsServerHandle;
  let coord: ReferenceCoordinator;
  let toml: (extra?: string) => string;

  beforeAll(async () => {
    if (!existsSync(path.join(ROOT, 'dist', 'cli.mjs'))) spawnSync(process.execPath, [path.join(ROOT, 'scripts', 'build.mjs')], { cwd: ROOT });
    nats = await startNatsServer();
    coord = await startReferenceCoordinator({ natsUrl: nats.url });
    toml = (extra = '') => `[coordinator]\nnats_url = "${nats.url}"\n[preload]\nenabled = false\n${extra}`;
  });
  afterAll(async () => {
    await coord?.close();
    await nats?.stop();
  });

  it('prints the URL with its token on a line of its own; the API answers there; the log file has the URL but not the token', async () => {
    const run = start([], toml('[dashboard]\nport = 0\n'));
    try {
      await waitUntil(() => DASHBOARD_LINE.test(run.stdout()), `the Dashboard line in:\n${run.all()}`, 20_000);
      const [, url, port, token] = DASHBOARD_LINE.exec(run.stdout())!;
      const client = await connectDashboard(url!, token!);
      const status = await client.api.call('status.get', {});
      expect(status.version).toBe('0.5.0');
      await coord.waitForHost(status.hostId);
      const page = await fetch(url!);
      expect(page.headers.get('content-security-policy')).toContain("default-src 'none'");
      await client.close();

      const logs = readdirSync(path.join(run.home, 'logs')).map((f) => readFileSync(path.join(run.home, 'logs', f), 'utf8')).join('');
      expect(logs).toContain(`dashboard listening on http://127.0.0.1:${port}/`);
      expect(logs).not.toContain(token!);
    } finally {
      expect(await stop(run)).toBe(0);
    }
  });

  it('--dashboard-port picks the port; --no-dashboard starts none', async () => {
    const port = await freePort();
    const run = start(['--dashboard-port', String(port)], toml());
    const off = start(['--no-dashboard'], toml('[dashboard]\nport = 0\n'));
    try {
      await waitUntil(() => DASHBOARD_LINE.test(run.stdout()), `the Dashboard line in:\n${run.all()}`, 20_000);
      expect(DASHBOARD_LINE.exec(run.stdout())![2]).toBe(String(port));
      await waitUntil(() => /registered with the coordinator/.test(off.stdout()), `registration in:\n${off.all()}`, 20_000);
      expect(off.stdout()).not.toMatch(/^Dashboard:/m);
    } finally {
      expect(await stop(run)).toBe(0);
      expect(await stop(off)).toBe(0);
    }
  });

  it('refuses a port that is not a number, saying what it expected', () => {
    const r = spawnSync(process.execPath, [BIN, '--agent', '--dashboard-port', 'lots'], { encoding: 'utf8', timeout: 20_000 });
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain('expected a port number from 0 to 65535, got "lots"');
  });
});
