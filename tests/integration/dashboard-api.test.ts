// The dashboard API end to end: a real Island, the reference coordinator over a real nats-server,
// the real dashboard server, and a real WebSocket client. What the owner does on the dashboard
// must reach config.toml, the coordinator's heartbeats and its HTTP API.
import { readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startReferenceCoordinator } from '../harness/coordinator/index';
import type { ReferenceCoordinator } from '../harness/coordinator/types';
import { startNatsServer, type NatsServerHandle } from '../harness/nats-server';
import { requireBinary } from '../harness/services';
import { connectDashboard, startIslandWithDashboard, type DashboardClient, type IslandWithDashboard } from '../helpers/dashboard-client';
import { FakeRuntime } from '../helpers/fake-runtime';
import { localDay } from '../../src-main/agent/api/jobs';

const natsBin = requireBinary('nats-server');

describe.skipIf(!natsBin)('dashboard API ↔ real Island ↔ reference coordinator', () => {
  let nats: NatsServerHandle;
  let coord: ReferenceCoordinator;
  let fx: IslandWithDashboard;
  let client: DashboardClient;
  let configText: () => string;

  beforeAll(async () => {
    nats = await startNatsServer();
    coord = await startReferenceCoordinator({ natsUrl: nats.url, minutesPerJobMs: 1, cargoPrices: { 'llm-chat': 1.5 } });
    fx = await startIslandWithDashboard({
      natsUrl: nats.url,
      toml: `api_url = "${coord.httpUrl}"\n\n# prices: the owner's own words\n[pricing]\ndefault_price = "1.0" # keep this comment\n\n[pricing.workloads]\n# llm-chat = "2.0"\n`,
      runtimes: [new FakeRuntime('wasm')],
      service: { metricsIntervalMs: 200 },
    });
    configText = () => readFileSync(fx.paths.config, 'utf8');
    await coord.waitForHeartbeats(fx.hostId, 1);
    client = await connectDashboard(fx.dashboard.url, fx.dashboard.token);
  });
  afterAll(async () => {
    await client?.close();
    await fx?.cleanup();
    await coord?.close();
    await nats?.stop();
  });
  afterEach(() => coord.assertNoViolations());

  const lastBeat = () => coord.host(fx.hostId)!.heartbeats.at(-1)!.message;

  it('a price set on the dashboard is in config.toml (comments kept), the next heartbeat, and the asking-prices API', async () => {
    const before = await client.api.call('prices.get', {});
    const chat = before.cargos.find((c) => c.slug === 'llm-chat')!;
    expect(chat).toMatchObject({ price: null, effectivePrice: '1.0', marketRate: 1.5 });
    expect(chat.sources).toContain('catalog');
    expect(before.marketUnavailable).toBeNull();

    const beats = coord.host(fx.hostId)!.heartbeats.length;
    const view = await client.api.call('prices.set', { slug: 'llm-chat', price: '2.5' });
    expect(view.cargos.find((c) => c.slug === 'llm-chat')).toMatchObject({ price: '2.5', effectivePrice: '2.5' });

    const text = configText();
    expect(text).toMatch(/\[pricing\.workloads\]\n# llm-chat = "2\.0"\n+"?llm-chat"? = "2\.5"/);
    expect(text).toContain("# the owner's note at the top");
    expect(text).toContain('default_price = "1.0" # keep this comment');

    // The change sends a heartbeat at once; it carries the new ask.
    const host = await coord.waitFor('a heartbeat with the new ask', () => {
      const h = coord.host(fx.hostId)!;
      return h.heartbeats.length > beats && h.heartbeats.at(-1)!.message.asking_prices?.['llm-chat'] === '2.5' ? h : null;
    });
    expect(host.heartbeats.at(-1)!.message.asking_prices).toEqual({ 'llm-chat': '2.5', _default: '1.0' });

    const post = await coord.waitFor('the asking-prices POST', () => coord.httpRequests.find((r) => r.method === 'POST' && r.path === '/api/v1/market/asking-prices'));
    expect(post.status).toBe(200);
    const synced = await client.waitForEvent('prices', (e) => e.prices.apiSync?.state === 'posted');
    expect(synced.prices.cargos.find((c) => c.slug === 'llm-chat')?.price).toBe('2.5');

    await client.api.call('prices.setDefault', { price: '0.75' });
    await coord.waitFor('the new default in a heartbeat', () => lastBeat().asking_prices?._default === '0.75');
    expect(configText()).toContain('default_price = "0.75" # keep this comment');

    await client.api.call('prices.set', { slug: 'llm-chat', price: null });
    await coord.waitFor('the ask removed from the heartbeat', () => lastBeat().asking_prices?.['llm-chat'] === undefined);
    expect(configText()).not.toMatch(/^"?llm-chat"? =/m);
  });

  it('pausing is seen by the coordinator (no runtimes offered), survives in config.toml, and online undoes it', async () => {
    const paused = await client.api.call('availability.set', { mode: 'paused' });
    expect(paused.availability).toMatchObject({ mode: 'paused', takingJobs: false, pausedUntil: null, reason: 'Paused by you' });
    await coord.waitFor('a heartbeat offering no runtimes', () => lastBeat().performance_estimates?.supported_runtimes?.length === 0);
    expect(configText()).toMatch(/\[availability\]\s*\nmode = "paused"/);
    const event = await client.waitForEvent('status', (e) => e.status.availability.mode === 'paused');
    expect(event.status.phase).toBe('paused');

    const online = await client.api.call('availability.set', { mode: 'online' });
    expect(online.availability).toMatchObject({ mode: 'online', takingJobs: true });
    await coord.waitFor('a heartbeat offering wasm again', () => lastBeat().performance_estimates?.supported_runtimes?.[0] === 'wasm');
    expect(configText()).toContain('mode = "online"');

    // A timed pause resumes by itself; what is saved is the owner's lasting choice: online.
    const timed = await client.api.call('availability.set', { mode: 'paused', forMinutes: 30 });
    expect(timed.availability.pausedUntil).toBeGreaterThan(Date.now() + 29 * 60_000);
    expect(configText()).toContain('mode = "online"');
    await client.api.call('availability.set', { mode: 'online' });
  });

  it('a job the coordinator dispatches shows live (job, job-output) and lands in the history, earnings and logs', async () => {
    await client.api.call('prices.set', { slug: 'llm-chat', price: '2.5' });
    await coord.waitFor('the ask in a heartbeat', () => lastBeat().asking_prices?.['llm-chat'] === '2.5');
    const jobId = await coord.dispatch(fx.hostId, { workload_id: 'llm-chat', runtime_type: 'wasm', input: { tokens: ['Hel', 'lo', ' world'], delayMs: 5 } });
    await coord.waitForJobState(jobId, 'succeeded');

    const started = await client.waitForEvent('job', (e) => e.job.jobId === jobId && e.job.state === 'running');
    expect(started.job).toMatchObject({ workloadId: 'llm-chat', runtime: 'wasm', price: '2.5' });
    const ended = await client.waitForEvent('job', (e) => e.job.jobId === jobId && e.job.state === 'succeeded');
    expect(ended.job).toMatchObject({ credits: 2.5, tokens: 3, error: null });
    const output = client.events.flatMap((e) => (e.type === 'job-output' && e.jobId === jobId ? [e] : []));
    expect(output.map((e) => e.text).join('')).toBe('Hello world');
    expect(output.at(-1)!.tokens).toBe(3);

    const history = await client.api.call('jobs.history', { limit: 10 });
    expect(history[0]).toMatchObject({ jobId, state: 'succeeded', price: '2.5', credits: 2.5, tokens: 3 });
    const days = await client.api.call('earnings.daily', { days: 7 });
    expect(days).toHaveLength(7);
    expect(days.at(-1)).toMatchObject({ day: localDay(Date.now()), credits: 2.5, jobs: 1 });

    const prices = await client.api.call('prices.get', {});
    expect(prices.cargos.find((c) => c.slug === 'llm-chat')?.sources).toEqual(['catalog', 'dispatched', 'configured']);

    const jobLogs = await client.api.call('logs.get', { jobId, minLevel: 'debug' });
    expect(jobLogs.length).toBeGreaterThan(0);
    expect(jobLogs.every((e) => e.jobId === jobId)).toBe(true);
    expect(jobLogs.map((e) => e.message)).toContain('job started');
    const warnings = await client.api.call('logs.get', { minLevel: 'warn' });
    expect(warnings.every((e) => e.level === 'warn' || e.level === 'error')).toBe(true);
    expect(client.events.some((e) => e.type === 'log' && e.entry.jobId === jobId)).toBe(true);
    const after = jobLogs.at(-1)!.seq;
    expect(await client.api.call('logs.get', { jobId, minLevel: 'debug', after })).toEqual([]);
  });

  it('karma comes from the coordinator API, with the local track record beside it', async () => {
    const karma = await client.api.call('karma.get', {});
    if (karma.remote !== 'ok') throw new Error(`karma unavailable: ${karma.reason}`);
    const remote = coord.host(fx.hostId)!.karma;
    expect(karma.karma).toBe(remote.karma);
    expect(karma.completedJobs).toBeGreaterThanOrEqual(1);
    expect(karma.history.length).toBeGreaterThan(0);
    expect(karma.history.every((h) => typeof h.at === 'number' && h.at > 0)).toBe(true);
    expect(karma.local).toMatchObject({ jobs: 1, succeeded: 1, failed: 0, successRate: 1, credits: 2.5 });
  });

  it('metrics samples arrive while a dashboard is connected, and hardware.get has them', async () => {
    const sample = await client.waitForEvent('metrics', () => true, 5_000);
    expect(sample.sample.ramTotalMb).toBeGreaterThan(0);
    expect(sample.sample.cpuPercent).toBeGreaterThanOrEqual(0);
    const hw = await client.api.call('hardware.get', {});
    expect(hw.info.cpuCores).toBe(cpus().length);
    expect(hw.info.gpus).toEqual([]);
    expect(hw.samples.length).toBeGreaterThan(0);
  });

  it('pairing, storage and settings answer from the Island', async () => {
    const pairing = await client.api.call('pairing.refresh', {});
    expect(pairing).toMatchObject({ state: 'code', code: coord.host(fx.hostId)!.pairingCode });

    const storage = await client.api.call('storage.get', {});
    expect(storage.diskFreeBytes).toBeGreaterThan(0);
    expect(storage.images).toMatchObject({ items: [], usedBytes: 0, capBytes: 50 * 1024 ** 3 });
    expect(storage.models.capBytes).toBe(20 * 1024 ** 3);

    const settings = await client.api.call('settings.get', {});
    expect(settings).toMatchObject({ natsUrl: nats.url, natsHasCredentials: false, apiUrl: coord.httpUrl, configPath: fx.paths.config });
    const live = await client.api.call('settings.set', { apiUrl: coord.httpUrl });
    expect(live.restartRequired).toBe(false);
    const later = await client.api.call('settings.set', { memoryMb: 4096 });
    expect(later).toMatchObject({ restartRequired: true, settings: { memoryMb: 4096 } });
    expect(configText()).toMatch(/memory_mb = 4096/);
    await expect(client.api.call('settings.set', { apiUrl: 'ftp://nowhere' })).rejects.toMatchObject({ code: 'bad-request', field: 'params.apiUrl' });
  });
});

describe.skipIf(!natsBin)('dashboard API without the coordinator HTTP API', () => {
  let nats: NatsServerHandle;
  beforeAll(async () => {
    nats = await startNatsServer();
  });
  afterAll(async () => {
    await nats?.stop();
  });

  it('says karma and market rates are unavailable, and why, and still shows the local record', async () => {
    const fx = await startIslandWithDashboard({ natsUrl: nats.url });
    const down = await startIslandWithDashboard({ natsUrl: nats.url, toml: 'api_url = "http://127.0.0.1:9"\n', service: { httpTimeoutMs: 2_000 } });
    try {
      const c = await connectDashboard(fx.dashboard.url, fx.dashboard.token);
      const karma = await c.api.call('karma.get', {});
      expect(karma).toMatchObject({ remote: 'unavailable', reason: 'no [coordinator] api_url is configured', local: { jobs: 0, successRate: null } });
      expect((await c.api.call('prices.get', {})).marketUnavailable).toBe('no [coordinator] api_url is configured');
      await c.close();

      const d = await connectDashboard(down.dashboard.url, down.dashboard.token);
      const k2 = await d.api.call('karma.get', {});
      expect(k2).toMatchObject({ remote: 'unavailable', reason: expect.stringMatching(/^GET \/api\/v1\/hosts\/.+\/karma: cannot reach http:\/\/127\.0\.0\.1:9/) });
      expect((await d.api.call('prices.get', {})).marketUnavailable).toMatch(/^GET \/api\/v1\/market\/rates: cannot reach/);
      await d.close();
    } finally {
      await fx.cleanup();
      await down.cleanup();
    }
  });
});
