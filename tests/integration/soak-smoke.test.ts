// The soak script end to end, briefly: bench/soak.ts for 45 s against real nats-server, dockerd and
// the bundled Island, so CI proves the script runs, samples, and that its verdicts pass. The hour
// itself is run by hand (bench/RESULTS.md).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JobResult } from '../../bench/lib/soak-jobs';
import type { IslandSample } from '../../bench/lib/soak-island-sampler';
import type { SoakAnalysis, SoakInput } from '../../bench/lib/soak-analysis';
import { requireDocker } from '../harness/docker';
import { requireBinary } from '../harness/services';

const ROOT = path.join(import.meta.dirname, '..', '..');
const natsBin = requireBinary('nats-server', { neededBy: 'the soak smoke test' });
const docker = await requireDocker('the soak smoke test');

function run(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'bench', 'soak.ts'), ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

const jsonLines = <T,>(file: string): T[] =>
  readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as T);

describe.skipIf(!natsBin || !docker)('bench/soak.ts (45 s smoke run)', () => {
  const out = mkdtempSync(path.join(tmpdir(), 'island-soak-smoke-'));
  beforeAll(() => {
    // The soak bundles its entry but takes the runtime workers from `npm run build`.
    if (!existsSync(path.join(ROOT, 'dist', 'wasm-worker.mjs'))) spawnSync(process.execPath, [path.join(ROOT, 'scripts', 'build.mjs')], { cwd: ROOT });
  });
  afterAll(() => rmSync(out, { recursive: true, force: true }));

  it('runs the job mix on the real runtimes, samples inside and out, and every verdict passes', async () => {
    const r = await run(['--minutes', '0.75', '--out', out]);
    expect(r.code, `${r.stdout}\n${r.stderr}`).toBe(0);
    expect(r.stdout).toContain('Verdict: **PASS** (11 of 11 checks).');
    expect(r.stdout).not.toContain('✗ FAIL');

    const summary = JSON.parse(readFileSync(path.join(out, 'summary.json'), 'utf8')) as { input: SoakInput; analysis: SoakAnalysis };
    expect(summary.analysis.pass).toBe(true);
    expect(summary.input.jobs).toMatchObject({ notTerminal: [], repeatedTerminal: [], violations: 0, unexpected: [] });
    // Warm-up jobs included, 45 at 1 job/s, every kind of the cycle at least three times.
    const jobs = JSON.parse(readFileSync(path.join(out, 'jobs.json'), 'utf8')) as JobResult[];
    expect(jobs).toHaveLength(45);
    expect(new Set(jobs.map((j) => j.got))).toEqual(new Set(['succeeded', 'failed', 'cancelled']));
    expect(jobs.filter((j) => j.kind === 'container-cancel').every((j) => j.got === 'cancelled')).toBe(true);
    expect(summary.input.containersSeenRunning).toBeGreaterThan(0);
    expect(summary.input.final.containers).toBe(0);

    // The Island's own samples: forced GC, handles by type, timers, listener marks, about one a second.
    const inner = jsonLines<IslandSample>(path.join(out, 'island-samples.jsonl'));
    expect(inner.length).toBeGreaterThan(30);
    expect(inner.every((s) => s.gc && s.memory.heapUsed > 0 && s.resourcesTotal === Object.values(s.resources).reduce((a, b) => a + b, 0))).toBe(true);
    // Every pending timer, unref'd ones included: at least the heartbeat's, more than the ref'd count.
    expect(inner.every((s) => s.timers !== null && s.timers.total >= (s.resources.Timeout ?? 0) && s.timers.total > 0)).toBe(true);
    expect(inner.filter((s) => s.reason === 'requested')).toHaveLength(2);
    const proc = jsonLines<{ rssKb: number; fds: number; threads: number }>(path.join(out, 'proc-samples.jsonl'));
    expect(proc.length).toBeGreaterThan(30);
    expect(proc.every((s) => s.rssKb > 10_000 && s.fds > 3 && s.threads > 1)).toBe(true);
    expect(readFileSync(path.join(out, 'report.md'), 'utf8')).toBe(r.stdout);
  }, 90_000);
});
