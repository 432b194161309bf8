// `npm run demo`: a whole Archipelag network on this machine, so a newcomer can watch the loop.
// Starts nats-server, the reference coordinator and a real Island process (the bundled
// `island --agent`), then keeps dispatching sample Cargos and narrates every message.
// Flags: --verbose (show the Island's own log at info level), --jobs N (stop after N jobs).
import { createHash } from 'node:crypto';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { connect } from '@nats-io/transport-node';
import { startNatsServer } from '../nats-server';
import { findBinary } from '../services';
import { startReferenceCoordinator } from '../coordinator/index';
import type { ReferenceCoordinator } from '../coordinator/types';
import { buildTinyLlamaGguf } from '../../fixtures/gguf/tiny-gguf';
import { startModuleServer } from '../../fixtures/wasm/module-server';
import { testDockerClient } from '../docker';
import { buildGreetingWasm, buildShoutImage, SHOUT_IMAGE } from './demo-cargos';
import { colour as C, narrate, say, short } from './narrator';

const ROOT = path.join(import.meta.dirname, '..', '..', '..');
const verbose = process.argv.includes('--verbose');
const jobsArg = process.argv.indexOf('--jobs');
const maxJobs = jobsArg >= 0 ? Number(process.argv[jobsArg + 1]) : Infinity;

function ensureNatsServer(): void {
  if (findBinary('nats-server')) return;
  const root = process.getuid?.() === 0;
  if (root && findBinary('apt-get')) {
    say('setup', 'installing Debian\'s nats-server for the local network (apt-get install nats-server)…');
    const r = spawnSync('sh', ['-c', 'apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nats-server'], { stdio: 'inherit' });
    if (r.status === 0 && findBinary('nats-server')) return;
  }
  console.error('The demo needs nats-server. On Debian or Ubuntu: sudo apt-get install nats-server');
  process.exit(1);
}

function ensureBuilt(): void {
  if (existsSync(path.join(ROOT, 'dist', 'cli.mjs'))) return;
  say('setup', 'building the Island (npm run build)…');
  spawnSync(process.execPath, [path.join(ROOT, 'scripts', 'build.mjs')], { cwd: ROOT, stdio: 'inherit' });
}

async function dockerReady(): Promise<boolean> {
  try {
    await testDockerClient().ping();
    return true;
  } catch {
    return false;
  }
}

ensureNatsServer();
ensureBuilt();
const nats = await startNatsServer();
const coord: ReferenceCoordinator = await startReferenceCoordinator({
  natsUrl: nats.url,
  // A demo job lasts well under a second; count each millisecond as 0.1 minute so karma moves.
  minutesPerJobMs: 0.1,
  snapshotIntervalMs: 30_000,
});
const modules = await startModuleServer();
modules.serve('greeting.wasm', { bytes: await buildGreetingWasm() });
// A tiny llama (random weights: it babbles) for the native GGUF runtime, fetched through the model cache.
const tinyLlama = buildTinyLlamaGguf();
modules.serve('tiny-llama.gguf', { bytes: tinyLlama });
const tinyLlamaHash = `sha256:${createHash('sha256').update(tinyLlama).digest('hex')}`;
const docker = await dockerReady();
if (docker) await buildShoutImage(testDockerClient());

const home = mkdtempSync(path.join(tmpdir(), 'island-demo-'));
const config = path.join(home, 'config.toml');
writeFileSync(
  config,
  `[coordinator]
nats_url = "${nats.url}"
api_url = "${coord.httpUrl}"

[pricing]
default_price = "1.0"
[pricing.workloads]
"hello-wasm" = "0.5"
"shout" = "1.5"

[registry]
allowed = ["docker.io/island-demo"]

[dashboard]
port = 0                       # any free port; the URL is printed below

[preload]
enabled = false                # no starter models from the internet in a demo
`,
);

say('network', `nats-server ${C.bold}${nats.url}${C.off} · coordinator HTTP ${C.bold}${coord.httpUrl}${C.off} · Island home ${home}`);
const island: ChildProcess = spawn(process.execPath, [path.join(ROOT, 'bin', 'island.mjs'), '--agent', '--config', config], {
  cwd: ROOT,
  env: { ...process.env, ISLAND_HOME: home, ISLAND_LOG: verbose ? 'info' : 'warn' },
  stdio: ['ignore', 'pipe', 'pipe'],
});
for (const stream of [island.stdout!, island.stderr!]) {
  readline.createInterface({ input: stream }).on('line', (line) => {
    const dashboard = /^Dashboard: (\S+)$/.exec(line);
    if (dashboard) say('dashboard', `open ${C.bold}${dashboard[1]}${C.off} in a browser to see and steer the Island`);
    else process.stdout.write(`${C.dim}island │ ${line}${C.off}\n`);
  });
}

const host = await coord.waitForHost(undefined, { timeoutMs: 20_000 });
const hostId = host.hostId;
const reg = host.registrations[0]!.message;
say('register', `Island ${C.bold}${hostId}${C.off} registered: ${reg.capabilities.cpu_cores} cores, ${reg.capabilities.ram_mb} MB RAM, GPU ${reg.capabilities.gpu_model ?? 'none'}, version ${reg.version}`);
const beat = (await coord.waitForHeartbeats(hostId, 1)).heartbeats[0]!.message;
say('heartbeat', `every 10 s · runtimes ${JSON.stringify(beat.performance_estimates?.supported_runtimes)} · asking ${JSON.stringify(beat.asking_prices)}`);
const code = coord.host(hostId)?.pairingCode;
if (code) say('pairing', `the Island asked for a pairing code and got ${C.bold}${code}${C.off}`);

const nc = await connect({ servers: nats.url });
const stopNarration = narrate(nc, hostId);

interface Sample {
  slug: string;
  job: Parameters<ReferenceCoordinator['dispatch']>[1];
}
const samples: Sample[] = [
  { slug: 'hello-wasm', job: { workload_id: 'hello-wasm', runtime_type: 'wasm', wasm_url: modules.url('greeting.wasm'), input: {} } },
  ...(docker
    ? [{ slug: 'shout', job: { workload_id: 'shout', runtime_type: 'container', container_image: SHOUT_IMAGE, sandbox_tier: 'restricted', input: { prompt: 'islands earn while you sleep' } } }]
    : []),
  {
    slug: 'llm-chat',
    job: {
      workload_id: 'llm-chat',
      runtime_type: 'llmcpp',
      model_url: modules.url('tiny-llama.gguf'),
      model_hash: tinyLlamaHash,
      model_context_size: 512,
      input: { messages: [{ role: 'user', content: 'Say hello to the islands' }], max_tokens: 16 },
    },
  },
  // A runtime this Island does not offer: the job fails at once, with the reason.
  { slug: 'image-gen', job: { workload_id: 'image-gen', runtime_type: 'diffusers', input: { prompt: 'a lighthouse' } } },
];
if (!docker) say('note', `${C.yellow}Docker is not running here: container Cargos are left out (start dockerd to see them).${C.off}`);

let stopping = false;
let sent = 0;
async function loop(): Promise<void> {
  while (!stopping && sent < maxJobs) {
    const sample = samples[sent % samples.length]!;
    sent += 1;
    const jobId = await coord.dispatch(hostId, sample.job);
    say('dispatch', `${C.bold}job ${short(jobId)}${C.off} ${sample.slug} (${sample.job?.runtime_type})`);
    const job = await coord.waitForJobState(jobId, 'terminal', { timeoutMs: 60_000 }).catch((e: Error) => (say('error', e.message), null));
    if (job) {
      const h = coord.host(hostId)!;
      const ms = job.statuses.at(-1)!.at - job.statuses[0]!.at;
      say('credit', `job ${short(jobId)}: ${job.state} in ${ms} ms · clearing price ${job.state === 'succeeded' ? job.clearingPrice : 0} · karma ${h.karma.karma}`);
    }
    if (sent % 6 === 0) {
      const rates = (await (await fetch(`${coord.httpUrl}/api/v1/market/rates`)).json()) as { rates: Array<{ workload_slug: string; clearing_price: number | null }> };
      say('market', rates.rates.map((r) => `${r.workload_slug} ${r.clearing_price ?? '—'}`).join(' · '));
    }
    await new Promise((r) => setTimeout(r, 2_500));
  }
}

async function shutdown(): Promise<void> {
  if (stopping) return;
  stopping = true;
  say('shutdown', 'stopping the Island (SIGTERM: it drains, then exits)…');
  const exited = new Promise((r) => island.on('exit', r));
  island.kill('SIGTERM');
  await exited;
  stopNarration();
  await nc.close();
  const violations = coord.violations.length;
  await coord.close();
  await modules.close();
  await nats.stop();
  rmSync(home, { recursive: true, force: true });
  say('done', violations === 0 ? `${C.green}the coordinator saw no protocol violations${C.off}` : `${C.red}${violations} protocol violation(s)${C.off}`);
  process.exit(violations === 0 ? 0 : 1);
}

process.on('SIGINT', () => void shutdown());
process.on('SIGTERM', () => void shutdown());
island.on('exit', (code) => {
  if (!stopping) {
    say('error', `the Island exited unexpectedly (code ${code})`);
    void shutdown();
  }
});
say('demo', `sending a sample job every few seconds — Ctrl-C to stop${verbose ? '' : ' (--verbose shows the Island\'s own log)'}`);
await loop();
await shutdown();
