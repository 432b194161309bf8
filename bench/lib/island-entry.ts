// The real Island (bootstrap + Island, as `island --agent`) with instrumentation for benchmarks:
// an event-loop delay histogram and CPU/RSS figures, printed as one JSON line when SIGTERM stops it.
// BENCH_HEARTBEAT_MS overrides the heartbeat interval.
import { monitorEventLoopDelay, PerformanceObserver } from 'node:perf_hooks';
import { bootstrap } from '../../src-main/agent/bootstrap';
import { Island } from '../../src-main/agent/island';
import { FakeRuntime } from '../../tests/helpers/fake-runtime';

const i = process.argv.indexOf('--config');
const { loaded, paths, log } = bootstrap({ configPath: i >= 0 ? process.argv[i + 1] : undefined });
const hist = monitorEventLoopDelay({ resolution: 1 });
const island = await Island.open({
  config: loaded.config,
  paths,
  log,
  // An instant runtime: the jobs succeed like real ones without measuring a Cargo's own work.
  runtimes: [new FakeRuntime('wasm')],
  timings: process.env.BENCH_HEARTBEAT_MS ? { heartbeatIntervalMs: Number(process.env.BENCH_HEARTBEAT_MS) } : {},
});
island.start();
await island.whenConnected();
// Start-up (first run of every code path, runtimes initialising, the first heartbeat) is one
// burst; steady state is measured from SETTLE_MS after connecting, and the burst on its own.
const SETTLE_MS = Number(process.env.BENCH_SETTLE_MS ?? 2_000);
const burstStart = performance.now();
let burstLast = burstStart;
let burstLongest = 0;
const burst = setInterval(() => {
  const now = performance.now();
  burstLongest = Math.max(burstLongest, now - burstLast - 1);
  burstLast = now;
}, 1);
await new Promise((r) => setTimeout(r, SETTLE_MS));
clearInterval(burst);
process.stdout.write('MEASURING\n');
hist.enable();
// Stall attribution: a 1 ms timer notes every late wake-up; V8 reports its GC pauses. A stall that
// overlaps a GC pause is V8's; one that does not is our code (or the OS descheduling us).
const gcs: Array<{ start: number; end: number }> = [];
const gcObserver = new PerformanceObserver((list) => {
  for (const e of list.getEntries()) gcs.push({ start: e.startTime, end: e.startTime + e.duration });
});
gcObserver.observe({ entryTypes: ['gc'] });
// The CPU the process used during a stall tells our work (on CPU) from the OS running someone
// else (descheduled: 2 cores shared with nats-server and the bench itself).
const stalls: Array<{ start: number; end: number; cpuMs: number }> = [];
let lastTick = performance.now();
let lastCpu = process.cpuUsage();
setInterval(() => {
  const now = performance.now();
  const cpu = process.cpuUsage();
  if (now - lastTick > 6) stalls.push({ start: lastTick, end: now, cpuMs: (cpu.user + cpu.system - lastCpu.user - lastCpu.system) / 1000 });
  lastTick = now;
  lastCpu = cpu;
}, 1);
const cpuAtStart = process.cpuUsage();
// SIGUSR2: the bench's warm-up jobs are done; measure steady state from here.
process.on('SIGUSR2', () => {
  hist.reset();
  stalls.length = 0;
  gcs.length = 0;
});
const startedAt = performance.now();

process.on('SIGTERM', async () => {
  hist.disable();
  gcObserver.disconnect();
  const overlapsGc = (s: { start: number; end: number }) => gcs.some((g) => g.start < s.end && g.end > s.start);
  const onCpu = (s: { start: number; end: number; cpuMs: number }) => s.cpuMs >= 0.7 * (s.end - s.start - 1);
  const longest = (xs: Array<{ start: number; end: number }>) => xs.reduce((m, x) => Math.max(m, x.end - x.start - 1), 0);
  const cpu = process.cpuUsage(cpuAtStart);
  const wallMs = performance.now() - startedAt;
  await island.stop(1_000);
  process.stdout.write(
    `BENCH ${JSON.stringify({
      wallMs,
      cpuMs: (cpu.user + cpu.system) / 1000,
      rssMb: process.memoryUsage().rss / 1048576,
      eventLoop: { maxMs: hist.max / 1e6, p99Ms: hist.percentile(99) / 1e6, meanMs: hist.mean / 1e6 },
      startupBurstLongestStallMs: burstLongest,
      stalls: {
        over5ms: stalls.length,
        longestWithoutGcMs: longest(stalls.filter((s) => !overlapsGc(s))),
        longestOnCpuWithoutGcMs: longest(stalls.filter((s) => !overlapsGc(s) && onCpu(s))),
        longestDescheduledMs: longest(stalls.filter((s) => !onCpu(s))),
        longestWithGcMs: longest(stalls.filter(overlapsGc)),
        longestGcPauseMs: gcs.reduce((m, g) => Math.max(m, g.end - g.start), 0),
      },
    })}\n`,
  );
  await log.close();
  process.exit(0);
});
