// Island core benchmarks (issue "Island core"), each beside a baseline measured in the same run:
//  1. process start → registered, beside a bare Node process that connects and publishes once;
//  2. assignment → `started`, beside a bare NATS request/reply round trip;
//  3. CPU time per heartbeat, and the longest event-loop block during jobs and heartbeats;
//  4. idle RSS and CPU over 60 s (the bundled `island --agent`).
// Run: npm run build && npx tsx bench/core.ts [--quick]
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { connect } from '@nats-io/transport-node';
import { jetstreamManager } from '@nats-io/jetstream';
import { startNatsServer } from '../tests/harness/nats-server';
import { startReferenceCoordinator } from '../tests/harness/coordinator/index';
import { machine, round, summary } from './lib/stats';

const quick = process.argv.includes('--quick');
const ROOT = path.join(import.meta.dirname, '..');
const NODE = process.execPath;
const nats = await startNatsServer();
const coord = await startReferenceCoordinator({ natsUrl: nats.url });
const nc = await connect({ servers: nats.url });
const results: Record<string, unknown> = { machine: machine(), natsServer: '2.9 (Debian)' };

function home(): { dir: string; config: string } {
  const dir = mkdtempSync(path.join(tmpdir(), 'island-bench-'));
  const config = path.join(dir, 'config.toml');
  writeFileSync(config, `[coordinator]\nnats_url = "${nats.url}"\n`);
  return { dir, config };
}

function spawnIsland(args: string[], dir: string, env: Record<string, string> = {}): ChildProcess {
  return spawn(NODE, args, { cwd: ROOT, env: { ...process.env, ISLAND_HOME: dir, ISLAND_LOG: 'warn', ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
}

const outputs = new Map<ChildProcess, () => string>();

async function stop(child: ChildProcess): Promise<string> {
  let out = '';
  const earlier = outputs.get(child);
  if (!earlier) child.stdout?.on('data', (d) => (out += d));
  const exited = new Promise((r) => child.on('exit', r));
  child.kill('SIGTERM');
  await exited;
  return earlier ? earlier() : out;
}

// ---------------------------------------------------------------- 1. start → registered
{
  const runs = quick ? 3 : 10;
  const island: number[] = [];
  const bare: number[] = [];
  for (let r = 0; r < runs; r++) {
    const h = home();
    const t0 = performance.now();
    const child = spawnIsland([path.join(ROOT, 'bin/island.mjs'), '--agent', '--config', h.config], h.dir);
    await waitForNewHost();
    island.push(performance.now() - t0);
    await stop(child);

    const sub = nc.subscribe('bench.hello', { max: 1 });
    const t1 = performance.now();
    spawn(NODE, [path.join(ROOT, 'bench/lib/bare-publisher.mjs'), nats.url, 'bench.hello'], { stdio: 'inherit' });
    for await (const _m of sub) break;
    bare.push(performance.now() - t1);
  }
  results.startToRegistered = {
    islandMs: summary(island),
    bareNodeConnectPublishMs: summary(bare),
    ratioP50: round(summary(island).p50 / summary(bare).p50, 2),
  };
  console.log('start → registered', results.startToRegistered);
}

async function waitForNewHost(): Promise<string> {
  const known = new Set(coord.hosts().map((h) => h.hostId));
  for (;;) {
    const fresh = coord.hosts().find((h) => !known.has(h.hostId) && h.registrations.length > 0);
    if (fresh) return fresh.hostId;
    await new Promise((r) => setTimeout(r, 2));
  }
}

// ---------------------------------------------------------------- 2 + 3. started latency, event loop
async function instrumentedIsland(heartbeatMs?: number): Promise<{ child: ChildProcess; hostId: string; dir: string }> {
  const h = home();
  const env: Record<string, string> = heartbeatMs ? { BENCH_HEARTBEAT_MS: String(heartbeatMs) } : {};
  const child = spawnIsland(['--import', 'tsx', path.join(ROOT, 'bench/lib/island-entry.ts'), '--config', h.config], h.dir, env);
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  const hostId = await waitForNewHost();
  for (let i = 0; !out.includes('MEASURING') && i < 1000; i++) await new Promise((r) => setTimeout(r, 10));
  outputs.set(child, () => out);
  await coord.waitForHeartbeats(hostId, 1);
  // Wait until the JetStream consumer exists, so the first pull is in place.
  for (;;) {
    try {
      await (await jetstreamManager(nc)).consumers.info('JOBS', `host-${hostId}`);
      break;
    } catch {
      await new Promise((r) => setTimeout(r, 20));
    }
  }
  return { child, hostId, dir: h.dir };
}

interface BenchLine {
  cpuMs: number;
  wallMs: number;
  rssMb: number;
  eventLoop: { maxMs: number; p99Ms: number; meanMs: number };
  startupBurstLongestStallMs: number;
  stalls: {
    over5ms: number;
    longestWithoutGcMs: number;
    longestOnCpuWithoutGcMs: number;
    longestDescheduledMs: number;
    longestWithGcMs: number;
    longestGcPauseMs: number;
  };
}

/** Dispatches jobs one at a time through the coordinator and times dispatch → `started` seen. */
async function measureStarted(hostId: string, n: number, warm: number, afterWarmUp: () => void = () => {}): Promise<number[]> {
  const waiting = new Map<string, (t: number) => void>();
  const sub = nc.subscribe(`host.${hostId}.status`, {
    callback: (_e, m) => {
      const st = JSON.parse(m.string()) as { job_id: string; state: string };
      if (st.state === 'started') waiting.get(st.job_id)?.(performance.now());
    },
  });
  await nc.flush();
  const latencies: number[] = [];
  for (let k = 0; k < n + warm; k++) {
    const jobId = `${hostId}-bench-${k}`;
    const seen = new Promise<number>((r) => waiting.set(jobId, r));
    if (k === warm) afterWarmUp();
    const t0 = performance.now();
    await coord.dispatch(hostId, { job_id: jobId, input: {}, runtime_type: 'wasm' });
    const t1 = await seen;
    if (k >= warm) latencies.push(t1 - t0);
    await new Promise((r) => setTimeout(r, 5)); // let the job end before the next one
  }
  sub.unsubscribe();
  return latencies;
}

function benchLine(out: string): BenchLine {
  const line = out.split('\n').find((l) => l.startsWith('BENCH '));
  if (!line) throw new Error(`no BENCH line in:\n${out}`);
  return JSON.parse(line.slice(6));
}

{
  const n = quick ? 50 : 300;
  const warm = 20;
  const { child, hostId } = await instrumentedIsland();
  const latencies = await measureStarted(hostId, n, warm, () => child.kill('SIGUSR2'));

  // Baseline 2: the least any JetStream consumer must do (pull, ack, publish `started`), in its own process.
  const bare = spawn(NODE, [path.join(ROOT, 'bench/lib/bare-jetstream-worker.mjs'), nats.url, 'bare-baseline'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise<void>((r) => bare.stdout!.on('data', (d) => String(d).includes('READY') && r()));
  const bareLatencies = await measureStarted('bare-baseline', n, warm);
  bare.kill();

  // Baseline: a bare request/reply round trip between two connections, in the same run.
  const responder = await connect({ servers: nats.url });
  responder.subscribe('bench.echo', {
    callback: (_e, m) => {
      m.respond(m.data);
    },
  });
  await responder.flush();
  const rtts: number[] = [];
  for (let k = 0; k < n + warm; k++) {
    const t0 = performance.now();
    await nc.request('bench.echo', 'x', { timeout: 2_000 });
    if (k >= warm) rtts.push(performance.now() - t0);
  }
  await responder.close();
  const island = benchLine(await stop(child));
  const lat = summary(latencies);
  const rtt = summary(rtts);
  const bareJs = summary(bareLatencies);
  results.assignmentToStarted = {
    note: 'coordinator dispatch (JetStream publish, file store) → `started` received, sequential',
    islandMs: lat,
    bareRequestReplyMs: rtt,
    bareJetStreamConsumerMs: bareJs,
    beyondOneRoundTripP50Ms: round(lat.p50 - rtt.p50),
    beyondBareJetStreamConsumerP50Ms: round(lat.p50 - bareJs.p50),
    ratioToBareJetStreamP50: round(lat.p50 / bareJs.p50, 2),
  };
  results.eventLoopDuringJobs = { ...island.eventLoop, stalls: island.stalls, startupBurstLongestStallMs: round(island.startupBurstLongestStallMs) };
  console.log('assignment → started', results.assignmentToStarted);
  console.log('event loop during jobs + heartbeats', island.eventLoop);
}

// ---------------------------------------------------------------- 3. CPU per heartbeat
{
  const seconds = quick ? 5 : 20;
  const fast = await instrumentedIsland(100);
  await new Promise((r) => setTimeout(r, seconds * 1000));
  const beats = benchLine(await stop(fast.child));
  const slow = await instrumentedIsland();
  await new Promise((r) => setTimeout(r, seconds * 1000));
  const idle = benchLine(await stop(slow.child));
  const extraBeats = beats.wallMs / 100 - idle.wallMs / 10_000;
  const perBeatMs = (beats.cpuMs - idle.cpuMs) / Math.max(1, extraBeats);
  results.heartbeatCpu = {
    method: `CPU of an Island heartbeating every 100 ms minus one heartbeating every 10 s, ${seconds} s each, per extra heartbeat`,
    cpuMsPerHeartbeat: round(perBeatMs),
    eventLoopWhileHeartbeatingEvery100ms: { ...beats.eventLoop, stalls: beats.stalls },
  };
  console.log('heartbeat CPU', results.heartbeatCpu);
}

// ---------------------------------------------------------------- 4. idle RSS and CPU
{
  const seconds = quick ? 10 : 60;
  const h = home();
  const child = spawnIsland([path.join(ROOT, 'bin/island.mjs'), '--agent', '--config', h.config], h.dir);
  const hostId = await waitForNewHost();
  await coord.waitForHeartbeats(hostId, 1);
  await new Promise((r) => setTimeout(r, 2_000)); // settle after start-up
  const ticks = () => {
    const f = readFileSync(`/proc/${child.pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return Number(f[11]) + Number(f[12]); // utime + stime, clock ticks (100/s)
  };
  const rss = () => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))![1]) / 1024;
  const t0 = ticks();
  const rssSamples: number[] = [];
  for (let s = 0; s < seconds; s++) {
    await new Promise((r) => setTimeout(r, 1_000));
    rssSamples.push(rss());
  }
  const cpuSeconds = (ticks() - t0) / 100;
  // Baseline: a bare Node process holding one idle NATS connection.
  const bare = spawn(NODE, ['-e', `import('@nats-io/transport-node').then(m=>m.connect({servers:'${nats.url}'}))`], { cwd: ROOT, stdio: 'ignore' });
  await new Promise((r) => setTimeout(r, 2_000));
  const bareRss = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${bare.pid}/status`, 'utf8'))![1]) / 1024;
  bare.kill();
  await stop(child);
  results.idle = {
    seconds,
    cpuPercentOfOneCore: round((100 * cpuSeconds) / seconds, 2),
    rssMb: { max: round(Math.max(...rssSamples), 1), last: round(rssSamples.at(-1)!, 1) },
    bareNodeWithNatsRssMb: round(bareRss, 1),
  };
  console.log('idle', results.idle);
}

coord.assertNoViolations();
await nc.close();
await coord.close();
await nats.stop();
mkdirSync(path.join(ROOT, 'bench/out'), { recursive: true });
const file = path.join(ROOT, 'bench/out', `core-${Date.now()}.json`);
writeFileSync(file, JSON.stringify(results, null, 2));
console.log(`\nwritten ${file}`);
console.log(JSON.stringify(results, null, 2));
process.exit(0);
