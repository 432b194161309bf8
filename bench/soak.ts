// The soak (issue "Reliability and security": one hour at a steady job rate, with flat memory and
// no leaked containers, file handles or listeners). One real Island process (`island --agent`
// bundled, real WASM and container runtimes, dockerd at /var/run/docker.sock) takes a steady mix
// of jobs from the reference coordinator over a real nats-server. The Island samples its own heap
// (after a forced GC), active handles and listener high-water marks; this script samples its RSS,
// fds and threads from /proc and counts the containers carrying its labels. The run's own baseline
// is a quiet sample at warm-up end (no job running); the end is the same after the last job.
// Prints a Markdown section for bench/RESULTS.md; exits 1 when a verdict fails.
//
// Run: npm run build && npx tsx bench/soak.ts [--minutes 60] [--rate 1] [--warmup-minutes W]
//      [--sample-seconds S] [--concurrency 3] [--mix all|wasm|container] [--heap-snapshots] [--out DIR]
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, release, tmpdir } from 'node:os';
import path from 'node:path';
import { instanceIdFor, LABEL_INSTANCE } from '../src-main/agent/runtimes/container/labels';
import { errorMessage } from '../src-shared/errors';
import { startReferenceCoordinator } from '../tests/harness/coordinator/index';
import { listContainersByLabel, requireDocker } from '../tests/harness/docker';
import { startNatsServer } from '../tests/harness/nats-server';
import { requireBinary } from '../tests/harness/services';
import { analyseSoak, type QuietSample, type SeriesPoint, type SoakInput } from './lib/soak-analysis';
import { parseSoakArgs } from './lib/soak-args';
import { prepareSoakCargos, SOAK_REGISTRY } from './lib/soak-cargos';
import { bundleSoakIsland, removeBundle, startSoakIsland, type SoakIsland } from './lib/soak-island-process';
import { JobRunner, outcomesByKind, soakJobMix, tallyJobs } from './lib/soak-jobs';
import { startOuterSampler } from './lib/soak-outer-sampler';
import { readProc } from './lib/soak-proc';
import { renderSoakMarkdown } from './lib/soak-report';
import { machine } from './lib/stats';

const ROOT = path.join(import.meta.dirname, '..');
/** Long enough for the last job's sockets, workers and timers to close, and a heartbeat to pass. */
const QUIET_SETTLE_MS = 5_000;
const JOB_TIMEOUT_MS = 120_000;

let opts: ReturnType<typeof parseSoakArgs>;
try {
  opts = parseSoakArgs(process.argv.slice(2));
} catch (err) {
  console.error(`bench/soak.ts: ${errorMessage(err)}`);
  process.exit(2);
}
if (!requireBinary('nats-server', { neededBy: 'bench/soak.ts' })) process.exit(1);
const docker = await requireDocker('bench/soak.ts');
if (!docker) process.exit(1);

const sleep = (ms: number) => new Promise((r) => setTimeout(r, Math.max(0, ms)));
const started = new Date();
const outDir = path.resolve(opts.out ?? path.join(ROOT, 'bench', 'out', `soak-${started.getTime()}`));
mkdirSync(outDir, { recursive: true });
const bundleDir = path.join(ROOT, 'bench', 'out', `.soak-island-${process.pid}`);
const loadBefore = loadavg().map((l) => l.toFixed(2)).join(' ');
const log = (line: string) => process.stderr.write(`[soak ${((Date.now() - started.getTime()) / 1000).toFixed(0)} s] ${line}\n`);

const cleanups: Array<() => Promise<unknown> | unknown> = [];
async function cleanup(): Promise<void> {
  for (const c of cleanups.reverse()) await Promise.resolve(c()).catch((err: unknown) => log(`cleanup: ${errorMessage(err)}`));
}
// Ctrl-C reaches the Island and nats-server too (one process group): no run is left to finish,
// so clean up (containers of the Island, temp dirs, the bundle) and say so.
process.on('SIGINT', () => {
  log('interrupted: cleaning up; no verdicts (the samples so far are in the out folder)');
  void cleanup().then(() => process.exit(130));
});

let exitCode = 1;
try {
  log(`bundling the Island and preparing Cargos (out: ${outDir})`);
  const bundle = await bundleSoakIsland(bundleDir);
  cleanups.push(() => removeBundle(bundleDir));
  const cargos = await prepareSoakCargos(docker);
  cleanups.push(() => cargos.close());
  const nats = await startNatsServer();
  cleanups.push(() => nats.stop());
  const coord = await startReferenceCoordinator({ natsUrl: nats.url });
  cleanups.push(() => coord.close());

  const home = mkdtempSync(path.join(tmpdir(), 'island-soak-'));
  cleanups.push(() => rmSync(home, { recursive: true, force: true }));
  const config = path.join(home, 'config.toml');
  writeFileSync(
    config,
    [
      '[coordinator]',
      `nats_url = "${nats.url}"`,
      `api_url = "${coord.httpUrl}"`,
      '[registry]',
      `allowed = ["${SOAK_REGISTRY}"]`,
      '[jobs]',
      `max_concurrent = ${opts.concurrency}`,
      '[preload]',
      'enabled = false',
      '',
    ].join('\n'),
  );
  const island: SoakIsland = startSoakIsland({
    bundle,
    config,
    home,
    samplesFile: path.join(outDir, 'island-samples.jsonl'),
    outputFile: path.join(outDir, 'island-output.log'),
    sampleMs: opts.sampleSeconds * 1000,
    heapSnapshotDir: opts.heapSnapshots ? outDir : null,
  });
  cleanups.push(() => island.stop());
  const host = await coord.waitForHost(undefined, { timeoutMs: 30_000 });
  await coord.waitForHeartbeats(host.hostId, 1, { timeoutMs: 30_000 });
  const label = `${LABEL_INSTANCE}=${instanceIdFor(home)}`;
  const countContainers = async () => (await listContainersByLabel(docker, label)).length;
  const runner = new JobRunner({ coord, hostId: host.hostId, jobTimeoutMs: JOB_TIMEOUT_MS, countContainers });
  log(`Island ${host.hostId} (pid ${island.pid}) registered; ${opts.rate} job/s for ${opts.minutes} min, warm-up ${opts.warmupMinutes.toFixed(2)} min`);

  const outerSampler = startOuterSampler({
    pid: island.pid,
    intervalMs: opts.sampleSeconds * 1000,
    file: path.join(outDir, 'proc-samples.jsonl'),
    countContainers,
    jobs: () => ({ inFlight: runner.inFlight, dispatched: runner.jobIds.length }),
    exited: () => island.exited,
    onError: (err) => log(`outer sample failed: ${errorMessage(err)}`),
  });
  cleanups.push(() => outerSampler.stop());
  const outer = outerSampler.samples;

  async function quiet(what: string): Promise<QuietSample> {
    await runner.drain();
    await sleep(QUIET_SETTLE_MS);
    // /proc first: a heap snapshot (--heap-snapshots) taken with the sample would swell the RSS.
    const [proc, containers] = await Promise.all([readProc(island.pid), countContainers()]);
    const inner = await island.requestSample();
    if (!inner.timers) throw new Error('the Island could not read its pending timers (it needs node --expose-internals)');
    log(
      `${what}: RSS ${(proc.rssKb / 1024).toFixed(1)} MB, heapUsed ${(inner.memory.heapUsed / 1048576).toFixed(1)} MB, ${proc.fds} fds, ` +
        `${inner.resourcesTotal} handles, ${inner.timers.total} timers, ${proc.threads} threads, ${containers} containers`,
    );
    return {
      fds: proc.fds,
      threads: proc.threads,
      activeResources: inner.resourcesTotal,
      resourcesByType: inner.resources,
      pendingTimers: inner.timers.total,
      timersByDurationMs: inner.timers.byDurationMs,
      containers,
      rssMb: proc.rssKb / 1024,
      heapUsedMb: inner.memory.heapUsed / 1048576,
    };
  }

  // The schedule: job i at origin + i / rate, whether or not earlier ones have finished.
  const mix = soakJobMix(cargos, opts.mix);
  const total = Math.max(1, Math.round(opts.minutes * 60 * opts.rate));
  const warmupJobs = Math.round(opts.warmupMinutes * 60 * opts.rate);
  const runStart = Date.now();
  let origin = performance.now();
  let baseline: QuietSample | null = null;
  let warmupEnd = 0;
  let lastDispatch = runStart;
  for (let i = 0; i < total; i += 1) {
    if (island.exited) throw new Error(`the Island exited during the run; its output:\n${island.output().slice(-4000)}`);
    if (i === warmupJobs) {
      baseline = await quiet('warm-up end (baseline)');
      warmupEnd = Date.now() - runStart;
      origin = performance.now() - (i * 1000) / opts.rate;
    }
    await sleep(origin + (i * 1000) / opts.rate - performance.now());
    runner.launch(mix[i % mix.length]!);
    lastDispatch = Date.now();
    if (i % Math.max(1, Math.round(60 * opts.rate)) === 0 && i > 0) log(`${i} of ${total} jobs dispatched, ${runner.inFlight} in flight`);
  }
  if (!baseline) throw new Error('the run ended before the warm-up did: no baseline to compare with');
  const final = await quiet('after the last job');
  outerSampler.stop();
  const stop = await island.stop();
  log(`the Island stopped: ${JSON.stringify(stop)}`);

  const t = (at: number): number => at - runStart;
  const innerSamples = island.samples();
  const output = island.output();
  const input: SoakInput = {
    timeline: { durationMs: lastDispatch - runStart, warmupMs: warmupEnd },
    rssMb: outer.map((s): SeriesPoint => ({ tMs: t(s.at), value: s.rssKb / 1024 })),
    heapUsedMb: innerSamples.map((s) => ({ tMs: t(s.at), value: s.memory.heapUsed / 1048576 })),
    listenerHighWater: innerSamples.map((s) => ({ tMs: t(s.at), value: s.listeners.window.count })),
    baseline,
    final,
    maxListenerWarnings: {
      inProcess: innerSamples.at(-1)?.warnings.MaxListenersExceededWarning ?? 0,
      inOutput: output.split('MaxListenersExceededWarning').length - 1,
    },
    jobs: tallyJobs(coord, runner),
    containersSeenRunning: mix.some((k) => k.container && k.cancel) ? runner.containersSeenRunning : null,
    stop,
  };
  const analysis = analyseSoak(input);
  const m = machine();
  const natsVersion = execFileSync(requireBinary('nats-server')!, ['--version'], { encoding: 'utf8' }).trim().replace(/^nats-server:\s*/, '');
  const dockerVersion = ((await docker.version()) as { Version?: string }).Version ?? 'unknown';
  const everListeners = innerSamples.at(-1)?.listeners.ever ?? { count: 0, emitter: '', event: '' };
  const cpuMs = (outer.at(-1)?.cpuMs ?? 0) - (outer[0]?.cpuMs ?? 0);
  const markdown = renderSoakMarkdown(
    {
      date: `${started.toISOString().slice(0, 16).replace('T', ' ')} UTC`,
      command: `npx tsx bench/soak.ts ${process.argv.slice(2).join(' ')}`.trim(),
      machine: `${m.cpu} (${m.cores} vCPU), ${m.ramGb} GB RAM, kernel ${release()}`,
      software: `Node ${m.node}, nats-server ${natsVersion}, Docker engine ${dockerVersion}`,
      loadBefore,
      minutes: opts.minutes,
      rate: opts.rate,
      warmupMinutes: warmupEnd / 60_000,
      sampleSeconds: opts.sampleSeconds,
      concurrency: opts.concurrency,
      mix: mix.map((k) => k.name),
      outcomes: outcomesByKind(runner.results),
      peakRssMb: Math.max(...outer.map((s) => s.rssKb / 1024)),
      cpuSeconds: cpuMs / 1000,
      listenerPeak: everListeners,
      outDir: outDir.startsWith(`${ROOT}${path.sep}`) ? path.relative(ROOT, outDir) : outDir,
    },
    input,
    analysis,
  );
  writeFileSync(path.join(outDir, 'jobs.json'), JSON.stringify(runner.results, null, 1));
  writeFileSync(path.join(outDir, 'summary.json'), JSON.stringify({ options: opts, input, analysis }, null, 1));
  writeFileSync(path.join(outDir, 'report.md'), markdown);
  process.stdout.write(markdown);
  exitCode = analysis.pass ? 0 : 1;
} catch (err) {
  log(`the soak could not finish: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
  exitCode = 1;
} finally {
  await cleanup();
}
process.exit(exitCode);
