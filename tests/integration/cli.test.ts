// The bundled `island` command, as an owner runs it (bin/island.mjs → dist/cli.mjs).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect } from '@nats-io/transport-node';
import { requireBinary } from '../harness/services';
import { startNatsServer, type NatsServerHandle } from '../harness/nats-server';
import { waitUntil } from '../helpers/wait-until';
import { buildCargo } from '../fixtures/wasm/cargos';
import { startModuleServer } from '../fixtures/wasm/module-server';
import { buildTestImage, requireDocker } from '../harness/docker';

const ROOT = path.join(import.meta.dirname, '..', '..');
const BIN = path.join(ROOT, 'bin', 'island.mjs');
const dirs: string[] = [];

function tempHome(): string {
  const d = mkdtempSync(path.join(tmpdir(), 'island-cli-'));
  dirs.push(d);
  return d;
}

function island(args: string[], home = tempHome()): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], { env: { ...process.env, ISLAND_HOME: home }, encoding: 'utf8', timeout: 30_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

beforeAll(() => {
  // The suite tests what `npm install` builds; build it if a developer has not.
  if (!existsSync(path.join(ROOT, 'dist', 'cli.mjs'))) spawnSync(process.execPath, [path.join(ROOT, 'scripts', 'build.mjs')], { cwd: ROOT });
});
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe('island (the bundled command)', () => {
  it('prints help and exits 0 without --agent, like the Rust Island', () => {
    const r = island([]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Usage: island/);
    expect(r.stdout).toMatch(/--agent/);
  });

  it('prints its version', () => {
    const r = island(['--version']);
    expect(r.stdout.trim()).toBe(JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')).version);
  });

  it('prints a default config that validates back', () => {
    const home = tempHome();
    const printed = island(['--print-default-config'], home);
    expect(printed.code).toBe(0);
    expect(printed.stdout).toMatch(/^\[coordinator\]$/m);
    expect(printed.stdout).toMatch(/^nats_url = "nats:\/\/localhost:4222"/m);
    const file = path.join(home, 'printed.toml');
    writeFileSync(file, printed.stdout);
    const checked = island(['--check-config', '--config', file], home);
    expect(checked.code, checked.stderr).toBe(0);
    expect(JSON.parse(checked.stdout)).toMatchObject({ file, coordinator: 'nats://localhost:4222', warnings: 0 });
  });

  it('names file, line and key of every mistake, and warns about unknown keys', () => {
    const home = tempHome();
    const file = path.join(home, 'bad.toml');
    writeFileSync(file, '[coordinator]\nnats_url = "nats://127.0.0.1:4222"\n\n[workload.resource_limits]\nmemory_mb = "lots"\nnetwork_disabld = true\n[jobs]\nmax_concurrent = 0\n');
    const r = island(['--check-config', '--config', file], home);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`${file}:5: workload.resource_limits.memory_mb: expected a non-negative integer, got "lots"`);
    expect(r.stderr).toContain(`${file}:8: jobs.max_concurrent`);
    expect(r.stderr).toMatch(new RegExp(`${file.replace(/[/.]/g, '\\$&')}:6: .*network_disabld.*did you mean.*network_disabled`));
  });

  it('refuses a --config file that does not exist instead of running on defaults', () => {
    const r = island(['--agent', '--config', '/nonexistent/island.toml']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('config file not found: /nonexistent/island.toml');
  });

  it('writes a default config on the first run without --config, and starts', async () => {
    const home = tempHome();
    const child = spawn(process.execPath, [BIN, '--agent'], { env: { ...process.env, ISLAND_HOME: home }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    await waitUntil(() => /Island starting/.test(out), 'the Island to start', 15_000);
    expect(out).toContain(`created a config file with every setting at its default: ${path.join(home, 'config.toml')}`);
    expect(readFileSync(path.join(home, 'config.toml'), 'utf8')).toMatch(/^\[coordinator\]/m);
    expect(JSON.parse(readFileSync(path.join(home, 'state.json'), 'utf8')).host_id).toMatch(/^[0-9a-f-]{36}$/);
    const exited = new Promise<number | null>((r) => child.on('exit', (c) => r(c)));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  });
});

function islandAsync(args: string[], home: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, ISLAND_HOME: home }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('island --test-job-file (self-check without a coordinator)', () => {
  it('runs a WASM assignment through the engine and prints every message it would publish', async () => {
    const modules = await startModuleServer();
    try {
      modules.serve('stream.wasm', { bytes: await buildCargo('stream') });
      const home = tempHome();
      writeFileSync(path.join(home, 'config.toml'), '[coordinator]\nnats_url = "nats://127.0.0.1:1"\n');
      const jobFile = path.join(home, 'job.json');
      writeFileSync(jobFile, JSON.stringify({ job_id: 'check-1', input: {}, lease_expires: 0, runtime_type: 'wasm', wasm_url: modules.url('stream.wasm') }));
      const r = await islandAsync(['--test-job-file', jobFile, '--config', path.join(home, 'config.toml')], home);
      expect(r.code, r.stderr).toBe(0);
      const lines = r.stdout.trim().split('\n');
      expect(lines[0]).toMatch(/^host\.self-check\.status \{"job_id":"check-1","state":"started","timestamp":\d+\}$/);
      expect(lines).toContain('host.self-check.output {"job_id":"check-1","seq":1,"chunk":"Hello","is_final":false}');
      expect(lines).toContain('host.self-check.output {"job_id":"check-1","seq":3,"chunk":"","is_final":true}');
      expect(lines.at(-1)).toMatch(/"state":"succeeded"/);
      expect(r.stdout + r.stderr).toMatch(/self-check passed: wasm job succeeded/);
    } finally {
      await modules.close();
    }
  }, 30_000);

  it('reports a refused assignment and exits 1', async () => {
    const home = tempHome();
    writeFileSync(path.join(home, 'config.toml'), '[coordinator]\nnats_url = "nats://127.0.0.1:1"\n');
    const jobFile = path.join(home, 'job.json');
    writeFileSync(jobFile, JSON.stringify({ job_id: 'check-2', input: {}, lease_expires: 0, runtime_type: 'wasm', wasm_url: '/etc/passwd' }));
    const r = await islandAsync(['--test-job-file', jobFile, '--config', path.join(home, 'config.toml')], home);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/"state":"failed","error":"[^"]*http/);
    expect(r.stdout + r.stderr).toMatch(/self-check failed: failed/);
  }, 30_000);
});

const dockerReady = await requireDocker('the --test-job self-check');

describe.skipIf(!dockerReady)('island --test-job (the container self-check, real dockerd)', () => {
  it('runs the configured llm_chat_image with the prompt, sandboxed as a coordinator job', async () => {
    await buildTestImage(dockerReady!, 'island-test/echo-prompt:1', [
      'input=$(cat)',
      "prompt=$(printf '%s' \"$input\" | sed -n 's/.*\"prompt\":\"\\([^\"]*\\)\".*/\\1/p')",
      'echo \'{"type":"status","message":"ready"}\'',
      'for w in $prompt; do printf \'{"type":"token","content":"%s"}\\n\' "$w"; done',
    ].join('\n'));
    const home = tempHome();
    const config = path.join(home, 'config.toml');
    writeFileSync(config, '[coordinator]\nnats_url = "nats://127.0.0.1:1"\n[workload]\nllm_chat_image = "island-test/echo-prompt:1"\n[registry]\nallowed = ["docker.io/island-test"]\n');
    const r = await islandAsync(['--test-job', 'hello self check', '--config', config], home);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/"state":"streaming"/);
    for (const [i, w] of ['hello', 'self', 'check'].entries()) expect(r.stdout).toContain(`"seq":${i + 1},"chunk":"${w}","is_final":false`);
    expect(r.stdout).toMatch(/"state":"succeeded"/);
  }, 60_000);
});

const natsBin = requireBinary('nats-server');

describe.skipIf(!natsBin)('RTT without a coordinator that answers pings (real nats-server)', () => {
  let nats: NatsServerHandle;
  beforeAll(async () => {
    nats = await startNatsServer({ jetstream: false });
  });
  afterAll(async () => {
    await nats?.stop();
  });

  it('falls back to a server PING/PONG for nats_rtt_ms, as the reference says', async () => {
    const home = tempHome();
    writeFileSync(path.join(home, 'config.toml'), `[coordinator]\nnats_url = "${nats.url}"\n[preload]\nenabled = false\n`);
    const nc = await connect({ servers: nats.url });
    const beats = nc.subscribe('host.*.heartbeat', { max: 1 });
    const child = spawn(process.execPath, [BIN, '--agent'], { env: { ...process.env, ISLAND_HOME: home }, stdio: 'ignore' });
    try {
      for await (const m of beats) {
        const raw = m.string();
        expect(raw).toMatch(/"nats_rtt_ms":\d+\.\d+/);
        expect((JSON.parse(raw) as { performance_estimates: { nats_rtt_ms: number } }).performance_estimates.nats_rtt_ms).toBeLessThan(100);
      }
    } finally {
      const exited = new Promise((r) => child.on('exit', r));
      child.kill('SIGTERM');
      await exited;
      await nc.close();
    }
  }, 30_000);
});
