// The dashboard's weight and speed, in Debian's Chromium against a real Island:
//
//  1. Bundle size of dist/renderer: what the first load fetches, and everything (raw and gzip).
//  2. First paint, first contentful paint and the time until the Island's status is on screen,
//     for the dashboard and, as the same run's baseline, for the least page that can show a status
//     (bench-baseline.html: one line of text, then the same API socket and one status.get),
//     served by the same dashboard server. Each load is a fresh browser context (cold cache).
//  3. Responsiveness of the Jobs screen while a job streams 50 tokens a second through the real
//     path (a paced runtime in the Island → job engine → API service → WebSocket → React), against
//     the same screen with nothing streaming: key presses every 250 ms (input delay, time to the
//     next frame, and the CDP round trip of the press), long tasks, frame gaps, and main-thread busy
//     time (CDP Performance.TaskDuration). The API service batches a job's output (≤ 4 events a
//     second), so a third phase takes that batching out: the page's socket is proxied
//     (page.routeWebSocket) and its 'job-output' events are replaced by one event per token, taken
//     from the Island's own token events: 50 WebSocket events a second into React. The proxy is
//     there in every phase, so it costs the baseline what it costs the others.
//
// Run: npm run build && npx tsx bench/dashboard-ui.ts [loads=7] [seconds=10] [rounds=2]
// Prints a summary; the raw figures go to bench/out/dashboard-ui-<time>.json.
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, CDPSession, Page, WebSocketRoute } from 'playwright-core';
import { launchChromium } from '../tests/harness/browser';
import { startReferenceCoordinator } from '../tests/harness/coordinator/index';
import { startNatsServer } from '../tests/harness/nats-server';
import { findBinary } from '../tests/harness/services';
import { startIslandWithDashboard } from '../tests/helpers/dashboard-client';
import { measureBundle } from './dashboard-bundle';
import { BASELINE_HTML, BASELINE_JS, PROBE } from './dashboard-page-probes';
import { PacedRuntime } from './dashboard-paced-runtime';
import { machine, percentile, round } from './lib/stats';

const LOADS = Number(process.argv[2] ?? 7);
const SECONDS = Number(process.argv[3] ?? 10);
const ROUNDS = Number(process.argv[4] ?? 2);
const TOKENS_PER_SECOND = 50;
const ROOT = path.join(import.meta.dirname, '..');
const RENDERER = path.join(ROOT, 'dist', 'renderer');

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const stats = (xs: number[]) => ({ n: xs.length, p50: round(percentile(xs, 50), 1), p95: round(percentile(xs, 95), 1), max: round(xs.length ? Math.max(...xs) : NaN, 1) });
const log = (s: string) => process.stderr.write(`${s}\n`);

interface LoadTimes {
  firstPaint: number;
  fcp: number;
  statusShown: number;
}

async function loadOnce(browser: Browser, url: string): Promise<LoadTimes> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  try {
    await context.addInitScript({ content: PROBE });
    const page = await context.newPage();
    await page.goto(url);
    // Functions, not strings: the dashboard's CSP forbids eval, and these run through CDP instead.
    await page.waitForFunction(() => (globalThis as unknown as InPage).__bench.statusShownAt !== null && performance.getEntriesByName('first-contentful-paint').length > 0, undefined, { timeout: 30_000 });
    return await page.evaluate(() => ({
      firstPaint: performance.getEntriesByName('first-paint')[0]?.startTime ?? NaN,
      fcp: performance.getEntriesByName('first-contentful-paint')[0]!.startTime,
      statusShown: (globalThis as unknown as InPage).__bench.statusShownAt!,
    }));
  } finally {
    await context.close();
  }
}

/** What PROBE keeps in the page (dashboard-page-probes.ts). */
interface InPage {
  __bench: {
    statusShownAt: number | null;
    keys: Array<{ at: number; delay: number; toNextFrame: number }>;
    frames: Array<{ at: number; gap: number }>;
    longTasks: Array<{ start: number; duration: number }>;
  };
}

interface PhaseResult {
  label: 'idle' | 'streaming' | 'streaming-per-token';
  seconds: number;
  keyDelayMs: ReturnType<typeof stats>;
  keyToNextFrameMs: ReturnType<typeof stats>;
  pressRoundTripMs: ReturnType<typeof stats>;
  frameGapMs: ReturnType<typeof stats>;
  longTasks: { count: number; totalMs: number; maxMs: number };
  mainThreadBusy: number;
  jobOutputEventsPerSecond: number;
}

async function taskSeconds(cdp: CDPSession): Promise<number> {
  const { metrics } = (await cdp.send('Performance.getMetrics')) as { metrics: Array<{ name: string; value: number }> };
  return metrics.find((m) => m.name === 'TaskDuration')?.value ?? NaN;
}

/** Presses a key every 250 ms for `seconds` and reads back what the page recorded meanwhile. */
async function phase(page: Page, cdp: CDPSession, label: PhaseResult['label'], outputFrames: number[]): Promise<PhaseResult> {
  const t0 = await page.evaluate(() => performance.now());
  const busy0 = await taskSeconds(cdp);
  const wall0 = performance.now();
  const presses: number[] = [];
  while (performance.now() - wall0 < SECONDS * 1000) {
    const s = performance.now();
    await page.keyboard.press('a');
    presses.push(performance.now() - s);
    await sleep(250);
  }
  const wall1 = performance.now();
  const busy1 = await taskSeconds(cdp);
  await sleep(100); // the last press's next-frame record
  const page$ = await page.evaluate((from) => {
    const m = (globalThis as unknown as InPage).__bench;
    const to = performance.now() - 100;
    return {
      keys: m.keys.filter((k) => k.at >= from && k.at <= to),
      gaps: m.frames.filter((f) => f.at >= from && f.at <= to).map((f) => f.gap),
      longTasks: m.longTasks.filter((l) => l.start >= from && l.start <= to).map((l) => l.duration),
    };
  }, t0);
  const frames = outputFrames.filter((t) => t >= wall0 && t <= wall1).length;
  return {
    label,
    seconds: round((wall1 - wall0) / 1000, 2),
    keyDelayMs: stats(page$.keys.map((k) => k.delay)),
    keyToNextFrameMs: stats(page$.keys.map((k) => k.toNextFrame)),
    pressRoundTripMs: stats(presses),
    frameGapMs: stats(page$.gaps),
    longTasks: { count: page$.longTasks.length, totalMs: round(page$.longTasks.reduce((a, b) => a + b, 0), 1), maxMs: round(Math.max(0, ...page$.longTasks), 1) },
    mainThreadBusy: round((busy1 - busy0) / ((wall1 - wall0) / 1000), 3),
    jobOutputEventsPerSecond: round(frames / ((wall1 - wall0) / 1000), 1),
  };
}

async function main(): Promise<void> {
  if (!existsSync(path.join(RENDERER, 'index.html'))) throw new Error('dist/renderer is missing: run `npm run build` first');
  const chromium = findBinary('chromium');
  if (!chromium) throw new Error('chromium not found: apt-get install chromium');
  const loadBefore = loadavg();
  const bundle = measureBundle(RENDERER);

  // The build plus the baseline page, served by one dashboard server.
  const web = mkdtempSync(path.join(tmpdir(), 'island-bench-web-'));
  cpSync(RENDERER, web, { recursive: true });
  writeFileSync(path.join(web, 'bench-baseline.html'), BASELINE_HTML);
  writeFileSync(path.join(web, 'bench-baseline.js'), BASELINE_JS);

  const nats = await startNatsServer();
  const coord = await startReferenceCoordinator({ natsUrl: nats.url });
  const fx = await startIslandWithDashboard({ natsUrl: nats.url, toml: `api_url = "${coord.httpUrl}"\n`, runtimes: [new PacedRuntime()], rendererDir: web });
  const browser = await launchChromium(chromium);
  try {
    await coord.waitForHeartbeats(fx.hostId, 1);
    const token = fx.dashboard.token;

    log(`first paint: ${LOADS} loads each (+1 warm-up), alternating`);
    const dash: LoadTimes[] = [];
    const base: LoadTimes[] = [];
    for (let i = 0; i <= LOADS; i++) {
      const d = await loadOnce(browser, `${fx.dashboard.url}?token=${token}`);
      const b = await loadOnce(browser, `${fx.dashboard.url}bench-baseline.html?token=${token}`);
      if (i === 0) continue; // warm-up: the first Chromium context pays one-off costs
      dash.push(d);
      base.push(b);
    }

    log(`responsiveness: ${ROUNDS} × (${SECONDS} s idle, ${SECONDS} s at ${TOKENS_PER_SECOND} tokens/s batched by the agent, ${SECONDS} s one event per token)`);
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    await context.addInitScript({ content: PROBE });
    const page = await context.newPage();
    // Every 'job-output' frame the page receives, timed; and the switch for one frame per token.
    const outputFrames: number[] = [];
    let perToken = false;
    let routed: WebSocketRoute | null = null;
    await page.routeWebSocket(/\/api\?token=/, (ws) => {
      const server = ws.connectToServer();
      ws.onMessage((m) => server.send(m));
      server.onMessage((m) => {
        const output = typeof m === 'string' && m.includes('"type":"job-output"');
        if (output && perToken) return;
        if (output) outputFrames.push(performance.now());
        ws.send(m);
      });
      routed = ws;
    });
    const tokensSent = new Map<string, number>();
    fx.island.on((e) => {
      if (!perToken || !routed || e.type !== 'job' || e.event.type !== 'token') return;
      const n = (tokensSent.get(e.event.jobId) ?? 0) + 1;
      tokensSent.set(e.event.jobId, n);
      routed.send(JSON.stringify({ kind: 'event', event: { type: 'job-output', jobId: e.event.jobId, text: e.event.text, tokens: n } }));
      outputFrames.push(performance.now());
    });
    await page.goto(`${fx.dashboard.url}?token=${token}#/jobs`);
    await page.getByRole('heading', { name: 'Jobs', level: 1 }).waitFor();
    await page.getByText('No job is running.').waitFor();
    const cdp = await context.newCDPSession(page);
    await cdp.send('Performance.enable');

    const phases: PhaseResult[] = [];
    const lag: Record<string, number[]> = { streaming: [], 'streaming-per-token': [] };
    for (let r = 0; r < ROUNDS; r++) {
      phases.push(await phase(page, cdp, 'idle', outputFrames));
      for (const label of ['streaming', 'streaming-per-token'] as const) {
        perToken = label === 'streaming-per-token';
        const jobId = await coord.dispatch(fx.hostId, { workload_id: 'llm-chat', runtime_type: 'wasm', input: { count: (SECONDS + 3) * TOKENS_PER_SECOND, intervalMs: 1000 / TOKENS_PER_SECOND } });
        await page.getByTestId(`live-tokens-${jobId}`).waitFor({ timeout: 30_000 });
        phases.push(await phase(page, cdp, label, outputFrames));
        // How far the screen trails the stream: tokens sent minus tokens shown, at the window's end.
        const shown = Number(await page.getByTestId(`live-tokens-${jobId}`).textContent());
        lag[label]!.push(coord.job(jobId)!.outputs.length - shown);
        await coord.waitForJobState(jobId, 'terminal', { timeoutMs: 60_000 });
        await page.getByTestId(`history-row-${jobId}`).waitFor({ timeout: 30_000 });
        perToken = false;
      }
    }
    await context.close();

    const med = (xs: LoadTimes[], k: keyof LoadTimes) => round(percentile(xs.map((x) => x[k]), 50), 1);
    const of = (label: PhaseResult['label']) => phases.filter((p) => p.label === label);
    const mean = (ps: PhaseResult[], f: (p: PhaseResult) => number) => ps.reduce((a, p) => a + f(p), 0) / ps.length;
    const ratios = (label: PhaseResult['label']) => {
      const r = (f: (p: PhaseResult) => number) => round(mean(of(label), f) / mean(of('idle'), f), 2);
      return {
        keyToNextFrameP95: r((p) => p.keyToNextFrameMs.p95),
        keyDelayP95: r((p) => p.keyDelayMs.p95),
        pressRoundTripP95: r((p) => p.pressRoundTripMs.p95),
        frameGapP95: r((p) => p.frameGapMs.p95),
        mainThreadBusy: r((p) => p.mainThreadBusy),
      };
    };
    const result = {
      machine: { ...machine(), chromium: browser.version(), loadavgBefore: loadBefore.map((x) => round(x, 2)) },
      bundle,
      firstPaint: {
        loads: LOADS,
        dashboard: { firstPaintMs: med(dash, 'firstPaint'), fcpMs: med(dash, 'fcp'), statusShownMs: med(dash, 'statusShown') },
        baseline: { firstPaintMs: med(base, 'firstPaint'), fcpMs: med(base, 'fcp'), statusShownMs: med(base, 'statusShown') },
        ratio: { fcp: round(med(dash, 'fcp') / med(base, 'fcp'), 2), statusShown: round(med(dash, 'statusShown') / med(base, 'statusShown'), 2) },
        raw: { dashboard: dash, baseline: base },
      },
      responsiveness: {
        phases,
        uiLagTokens: lag,
        ratioToIdle: { streaming: ratios('streaming'), 'streaming-per-token': ratios('streaming-per-token') },
      },
    };
    const outDir = path.join(ROOT, 'bench', 'out');
    mkdirSync(outDir, { recursive: true });
    const file = path.join(outDir, `dashboard-ui-${Date.now()}.json`);
    writeFileSync(file, JSON.stringify(result, null, 2));
    const { raw: _raw, ...firstPaint } = result.firstPaint;
    console.log(JSON.stringify({ ...result, firstPaint }, null, 2));
    log(`raw figures: ${path.relative(ROOT, file)}`);
  } finally {
    await browser.close();
    await fx.cleanup();
    await coord.close();
    await nats.stop();
    rmSync(web, { recursive: true, force: true });
  }
}

await main();
