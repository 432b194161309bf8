// Container Cargo latency: assignment → first output chunk on NATS through the Island, beside a bare
// `docker run -i --rm` of the same image with the same stdin → its first stdout line, interleaved in
// the same run. The Island path includes everything a real job pays: JetStream delivery, the image
// check, the sandboxed container (seccomp, limits), and the output's trip back over NATS.
// Run: npx tsx bench/container-first-output.ts [--runs N]
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { release, tmpdir } from 'node:os';
import path from 'node:path';
import { parseConfigText } from '../src-main/agent/config/parse-config-text';
import { resolveRuntimeSettings } from '../src-main/agent/config/runtime-settings';
import { islandPaths } from '../src-main/agent/paths';
import { createContainerRuntime } from '../src-main/agent/runtimes/container/index';
import { RuntimeEventHub } from '../src-main/agent/runtimes/runtime-events';
import { startReferenceCoordinator } from '../tests/harness/coordinator/index';
import { buildTestImage, requireDocker, testDockerHost } from '../tests/harness/docker';
import { startNatsServer } from '../tests/harness/nats-server';
import { startIsland } from '../tests/helpers/island-fixture';
import { LocalImageSupply } from '../tests/helpers/local-image-supply';
import { createTestLogger } from '../tests/helpers/test-logger';
import { machine, round, summary } from './lib/stats';

const runsArg = process.argv.indexOf('--runs');
const RUNS = runsArg >= 0 ? Number(process.argv[runsArg + 1]) : 20;
const WARMUP = 3;
const INPUT = { prompt: 'Hello', max_tokens: 16 };

// The Cargo answers as soon as it has read its input: the figure is the platform's, not the Cargo's.
const CARGO = `input=$(cat)
echo '{"type":"status","message":"ready"}'
echo '{"type":"token","content":"first"}'
echo '{"type":"done"}'
`;

const docker = await requireDocker('bench/container-first-output.ts');
if (!docker) process.exit(1);
const image = await buildTestImage('island-bench/first-output:latest', CARGO, { docker });
const dockerVersion = ((await docker.version()) as { Version?: string }).Version ?? 'unknown';

const nats = await startNatsServer();
const coord = await startReferenceCoordinator({ natsUrl: nats.url });
const home = mkdtempSync(path.join(tmpdir(), 'island-bench-container-'));
const paths = islandPaths(home);
const { config } = parseConfigText(`[coordinator]\nnats_url = "${nats.url}"\n`, paths.config);
const hub = new RuntimeEventHub();
const runtime = await createContainerRuntime(
  { config, paths, log: createTestLogger(), settings: resolveRuntimeSettings(config, { DOCKER_HOST: testDockerHost() }), events: hub.emit },
  { supply: new LocalImageSupply(docker) },
);
const island = await startIsland({ natsUrl: nats.url, home, runtimes: [runtime], runtimeEvents: hub });
await coord.waitForHeartbeats(island.hostId, 1);

/** (a) dispatch → the coordinator receives the first JobOutput. */
async function viaIsland(): Promise<number> {
  const t0 = Date.now();
  const jobId = await coord.dispatch(island.hostId, { runtime_type: 'container', container_image: image, input: INPUT, sandbox_tier: 'standard' });
  const first = await coord.waitFor('first output', () => coord.job(jobId)?.outputs[0], { timeoutMs: 30_000 });
  const job = await coord.waitForJobState(jobId, 'terminal', { timeoutMs: 30_000 });
  if (job.state !== 'succeeded') throw new Error(`bench job ended ${job.state}: ${job.statuses.at(-1)?.message.error}`);
  return first.at - t0;
}

/**
 * (b) `docker run -i --rm` → its first stdout line. Bare `docker run` joins the default bridge
 * network (a veth pair per container), which Island jobs without network never pay for, so the
 * same run also measures (c) with `--network none`, the fairer baseline.
 */
function bareDockerRun(extra: string[] = []): Promise<number> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    let first = 0;
    let buf = '';
    const child = spawn('docker', ['run', '-i', '--rm', ...extra, image], { stdio: ['pipe', 'pipe', 'inherit'], env: process.env });
    child.stdout.on('data', (d: Buffer) => {
      buf += d.toString();
      if (!first && buf.includes('\n')) first = performance.now() - t0;
    });
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 && first ? resolve(first) : reject(new Error(`docker run exited ${code}`))));
    child.stdin.end(`${JSON.stringify(INPUT)}\n`);
  });
}

const island_: number[] = [];
const bare: number[] = [];
const bareNoNet: number[] = [];
const measures: Array<[number[], () => Promise<number>]> = [
  [island_, viaIsland],
  [bare, () => bareDockerRun()],
  [bareNoNet, () => bareDockerRun(['--network', 'none'])],
];
try {
  for (let i = 0; i < WARMUP; i += 1) for (const [, measure] of measures) await measure();
  // Interleaved, rotating which goes first, so all three see the same machine.
  for (let i = 0; i < RUNS; i += 1) {
    for (let k = 0; k < measures.length; k += 1) {
      const [into, measure] = measures[(i + k) % measures.length]!;
      into.push(await measure());
    }
  }
  coord.assertNoViolations();
} finally {
  await island.cleanup();
  await coord.close();
  await nats.stop();
  rmSync(home, { recursive: true, force: true });
}

const a = summary(island_);
const b = summary(bare);
const c = summary(bareNoNet);
const result = {
  bench: 'container-first-output',
  machine: { ...machine(), kernel: release(), docker: dockerVersion },
  runs: RUNS,
  warmup: WARMUP,
  image,
  islandMs: { p50: round(a.p50, 1), p90: round(a.p90, 1), min: round(Math.min(...island_), 1), max: round(a.max, 1) },
  bareDockerRunMs: { p50: round(b.p50, 1), p90: round(b.p90, 1), min: round(Math.min(...bare), 1), max: round(b.max, 1) },
  bareDockerRunNoNetworkMs: { p50: round(c.p50, 1), p90: round(c.p90, 1), min: round(Math.min(...bareNoNet), 1), max: round(c.max, 1) },
  ratio: { p50: round(a.p50 / b.p50, 3), p90: round(a.p90 / b.p90, 3) },
  ratioNoNetwork: { p50: round(a.p50 / c.p50, 3), p90: round(a.p90 / c.p90, 3) },
  target: 'ratio p50 <= 1.15',
};
console.log(JSON.stringify(result, null, 2));
