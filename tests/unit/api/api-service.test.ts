// The API service against a fake Island (real ledger), a real config.toml in a temp dir and a fake
// coordinator HTTP API: what each handler answers, what it writes, what it asks of the Island.
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { IslandApiService, type IslandApiServiceOptions } from '../../../src-main/agent/api/api-service';
import { CacheItemBusy } from '../../../src-main/agent/api/cache-source';
import { LogRing } from '../../../src-main/agent/api/log-ring';
import { loadConfig } from '../../../src-main/agent/config/load-config';
import type { ApiEvent } from '../../../src-shared/api/events';
import type { ApiMethod, ApiParamsIn } from '../../../src-shared/api/methods';
import type { ResponseFrame } from '../../../src-shared/api/frames';
import { createTestLogger, type TestLogger } from '../../helpers/test-logger';
import { fakeHttp, FakeIsland, tempDir, writeConfig, type FakeHttp } from './fake-island';

const BASE = 'http://coord.test';
const RATES = { updated_at: '2026-01-01T00:00:00Z', rates: [{ workload_slug: 'llm-chat', clearing_price: 1.5, avg_ask: null, avg_bid: null, active_supply: 1, active_demand: 0, jobs_cleared: 0, surge_multiplier: 1 }] };

interface Harness {
  svc: IslandApiService;
  island: FakeIsland;
  http: FakeHttp;
  log: TestLogger;
  events: ApiEvent[];
  configPath: string;
  call<M extends ApiMethod>(method: M, params: ApiParamsIn<M>): Promise<ResponseFrame>;
  ok<M extends ApiMethod>(method: M, params: ApiParamsIn<M>): Promise<unknown>;
}

const services: IslandApiService[] = [];
afterEach(() => {
  for (const s of services.splice(0)) s.close();
  vi.useRealTimers();
});

async function harness(toml = `api_url = "${BASE}"\n`, extra: Partial<IslandApiServiceOptions> = {}): Promise<Harness> {
  const configPath = writeConfig(toml);
  const { config } = loadConfig({ path: configPath, explicit: true, env: {} });
  const island = await FakeIsland.create();
  const http = fakeHttp(BASE);
  http.routes.set('GET /api/v1/market/rates', { status: 200, body: RATES });
  const log = createTestLogger();
  const svc = new IslandApiService({
    island,
    config,
    configPath,
    log,
    logs: new LogRing(),
    diskPath: tempDir(),
    fetch: http.fetch,
    catalog: () => [{ slug: 'llm-chat', name: 'LLM Chat', runtime: 'container' }],
    readSystem: () => ({ cpuPercent: 12.34, ramUsedMb: 1000, ramTotalMb: 8000 }),
    host: { cpuModel: 'Test CPU', os: 'Linux test' },
    ...extra,
  });
  services.push(svc);
  const events: ApiEvent[] = [];
  svc.subscribe((e) => events.push(e));
  const call = <M extends ApiMethod>(method: M, params: ApiParamsIn<M>) => svc.handle(JSON.stringify({ kind: 'request', id: 1, method, params }));
  return {
    svc,
    island,
    http,
    log,
    events,
    configPath,
    call,
    ok: async (method, params) => {
      const r = await call(method, params);
      if (!r.ok) throw new Error(`${method} failed: ${JSON.stringify(r.error)}`);
      return r.result;
    },
  };
}

describe('prices', () => {
  it('lists catalog, recommended, dispatched and configured Cargos with the market rate beside each', async () => {
    const h = await harness(`api_url = "${BASE}"\n[pricing]\ndefault_price = "1.0"\n[pricing.workloads]\n"own-cargo" = "3.0"\n`);
    h.island.ledger.recordStarted({ job_id: 'j1', workload_id: 'ran-here', runtime: 'wasm', started_at: 1, price: null });
    h.island.emit({ type: 'preload', rec: { type: null, workload_slug: 'hot-cargo', model_url: null, model_hash: null, runtime_type: 'llmcpp', estimated_earnings_per_job: '0.05', queued_demand: 3, demand_score: 9, priority: null } });
    const view = (await h.ok('prices.get', {})) as { cargos: Array<{ slug: string }>; defaultPrice: string; marketUnavailable: string | null };
    expect(view.defaultPrice).toBe('1.0');
    expect(view.marketUnavailable).toBeNull();
    expect(view.cargos).toEqual([
      { slug: 'hot-cargo', name: 'hot-cargo', runtime: 'llmcpp', price: null, effectivePrice: '1.0', marketRate: null, sources: ['recommended'] },
      { slug: 'llm-chat', name: 'LLM Chat', runtime: 'container', price: null, effectivePrice: '1.0', marketRate: 1.5, sources: ['catalog'] },
      { slug: 'own-cargo', name: 'own-cargo', runtime: null, price: '3.0', effectivePrice: '3.0', marketRate: null, sources: ['configured'] },
      { slug: 'ran-here', name: 'ran-here', runtime: 'wasm', price: null, effectivePrice: '1.0', marketRate: null, sources: ['dispatched'] },
    ]);
    // A new recommendation is news for an open prices page.
    expect(h.events.some((e) => e.type === 'prices' && e.prices.cargos.some((c) => c.slug === 'hot-cargo'))).toBe(true);
  });

  it('caches market rates for a minute', async () => {
    let now = 1_000_000;
    const h = await harness(undefined, { now: () => now });
    await h.ok('prices.get', {});
    await h.ok('prices.get', {});
    expect(h.http.requests.filter((r) => r.path === '/api/v1/market/rates')).toHaveLength(1);
    now += 61_000;
    await h.ok('prices.get', {});
    expect(h.http.requests.filter((r) => r.path === '/api/v1/market/rates')).toHaveLength(2);
  });

  it('saves a price keeping comments, applies it to the Island, and posts every ask to the coordinator', async () => {
    const h = await harness();
    h.http.routes.set('POST /api/v1/market/asking-prices', { status: 200, body: { host_id: 'host-1', prices: { 'llm-chat': '2.5' } } });
    const view = (await h.ok('prices.set', { slug: 'llm-chat', price: ' 2.5 ' })) as { cargos: Array<{ slug: string; price: string | null }> };
    expect(view.cargos.find((c) => c.slug === 'llm-chat')?.price).toBe('2.5');
    const text = readFileSync(h.configPath, 'utf8');
    expect(text).toContain('# my Island');
    expect(loadConfig({ path: h.configPath, explicit: true, env: {} }).config.pricing.workloads).toEqual({ 'llm-chat': '2.5' });
    expect(h.island.pricings).toEqual([{ workloads: { 'llm-chat': '2.5' } }]);
    await h.svc.settled();
    expect(h.http.requests.find((r) => r.method === 'POST')).toEqual({ method: 'POST', path: '/api/v1/market/asking-prices', body: { host_id: 'host-1', prices: { 'llm-chat': '2.5' } } });
    expect(h.events.filter((e) => e.type === 'prices').at(-1)).toMatchObject({ prices: { apiSync: { state: 'posted' } } });

    await h.ok('prices.setDefault', { price: '0.5' });
    await h.svc.settled();
    expect(h.http.requests.filter((r) => r.method === 'POST').at(-1)?.body).toEqual({ host_id: 'host-1', prices: { 'llm-chat': '2.5', _default: '0.5' } });
    expect(h.island.pricings.at(-1)).toEqual({ default_price: '0.5', workloads: { 'llm-chat': '2.5' } });
  });

  it('keeps the price when the post fails, says why in the view and the log', async () => {
    const h = await harness();
    h.http.routes.set('POST /api/v1/market/asking-prices', { status: 503, body: { error: 'maintenance' } });
    await h.ok('prices.set', { slug: 'llm-chat', price: '2' });
    await h.svc.settled();
    const view = (await h.ok('prices.get', {})) as { apiSync: unknown };
    expect(view.apiSync).toMatchObject({ state: 'failed', error: 'POST /api/v1/market/asking-prices: HTTP 503: maintenance' });
    expect(h.log.has({ level: 'warn', msg: 'could not post the asking prices' })).toBe(true);
    expect(h.island.pricings).toHaveLength(1);
  });

  it('without api_url: no post, and the view says the market is unknown', async () => {
    const h = await harness('');
    const view = (await h.ok('prices.set', { slug: 'llm-chat', price: '2' })) as { apiSync: unknown; marketUnavailable: string };
    expect(view.apiSync).toEqual({ state: 'not-configured' });
    expect(view.marketUnavailable).toBe('no [coordinator] api_url is configured');
    expect(h.http.requests).toEqual([]);
  });

  it('does not rewrite the file or post when nothing changed', async () => {
    const h = await harness(`api_url = "${BASE}"\n[pricing.workloads]\n"llm-chat" = "2"\n`);
    const before = readFileSync(h.configPath, 'utf8');
    await h.ok('prices.set', { slug: 'llm-chat', price: '2' });
    expect(readFileSync(h.configPath, 'utf8')).toBe(before);
    expect(h.island.pricings).toEqual([]);
  });
});

describe('availability', () => {
  it('pauses and saves the choice; a timed pause resumes by itself and saves "online"', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    const h = await harness('');
    const paused = (await h.ok('availability.set', { mode: 'paused' })) as { availability: { mode: string; pausedUntil: number | null } };
    expect(paused.availability).toMatchObject({ mode: 'paused', pausedUntil: null });
    expect(loadConfig({ path: h.configPath, explicit: true, env: {} }).config.availability.mode).toBe('paused');

    const timed = (await h.ok('availability.set', { mode: 'paused', forMinutes: 10 })) as { availability: { pausedUntil: number } };
    expect(timed.availability.pausedUntil).toBe(Date.now() + 600_000);
    expect(loadConfig({ path: h.configPath, explicit: true, env: {} }).config.availability.mode).toBe('online');
    vi.advanceTimersByTime(599_000);
    expect(h.island.calls.at(-1)).toBe('pause');
    vi.advanceTimersByTime(2_000);
    expect(h.island.calls.at(-1)).toBe('resume');
    expect(h.svc.status().availability).toMatchObject({ mode: 'online', pausedUntil: null });
  });

  it('going online cancels a timed pause', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const h = await harness('');
    await h.ok('availability.set', { mode: 'paused', forMinutes: 5 });
    await h.ok('availability.set', { mode: 'online' });
    vi.advanceTimersByTime(10 * 60_000);
    expect(h.island.calls).toEqual(['pause', 'resume']);
  });
});

describe('settings', () => {
  it('never shows the NATS credentials, and keeps them when the shown URL comes back unchanged', async () => {
    const h = await harness('');
    const view = (await h.ok('settings.get', {})) as { natsUrl: string; natsHasCredentials: boolean; configPath: string };
    expect(view).toMatchObject({ natsUrl: 'nats://127.0.0.1:4222', natsHasCredentials: true, configPath: h.configPath });
    expect(JSON.stringify(view)).not.toContain('s3cret');
    const same = (await h.ok('settings.set', { natsUrl: 'nats://127.0.0.1:4222', memoryMb: 2048 })) as { restartRequired: boolean };
    expect(same.restartRequired).toBe(true);
    const text = readFileSync(h.configPath, 'utf8');
    expect(text).toContain('nats://island:s3cret@127.0.0.1:4222');
    expect(text).toContain('# my Island');
  });

  it('applies api_url at once (no restart) and names the field the config refuses', async () => {
    const h = await harness('');
    const r = (await h.ok('settings.set', { apiUrl: BASE })) as { restartRequired: boolean; settings: { apiUrl: string } };
    expect(r).toMatchObject({ restartRequired: false, settings: { apiUrl: BASE } });
    expect(((await h.ok('prices.get', {})) as { marketUnavailable: string | null }).marketUnavailable).toBeNull();
    const bad = await h.call('settings.set', { apiUrl: 'ftp://x' });
    expect(bad).toMatchObject({ ok: false, error: { code: 'bad-request', field: 'params.apiUrl', message: expect.stringContaining('http:// or https://') } });
    const cleared = (await h.ok('settings.set', { apiUrl: null, natsUrl: 'nats://other:4222' })) as { restartRequired: boolean; settings: { apiUrl: null } };
    expect(cleared).toMatchObject({ restartRequired: true, settings: { apiUrl: null, natsUrl: 'nats://other:4222', natsHasCredentials: false } });
  });
});

describe('status, pairing, hardware, storage', () => {
  it('builds the status from the snapshot and the owner-facing extras', async () => {
    const h = await harness();
    h.island.snap = { ...h.island.snap, rttMs: 1.234, activeJobs: [{ job_id: 'j', runtime: 'wasm', workload_id: 'x', started_at: 5 }], phase: 'working' };
    h.island.emit({ type: 'job', event: { type: 'token', jobId: 'j', text: 'a' } });
    const s = h.svc.status();
    expect(s).toMatchObject({
      hostId: 'host-1',
      phase: 'working',
      availability: { mode: 'online', takingJobs: true, reason: 'Taking jobs (wasm)' },
      coordinator: { connected: true, rttMs: 1.2, jobDelivery: 'jetstream', apiUrl: BASE },
      activeJobs: [{ jobId: 'j', workloadId: 'x', runtime: 'wasm', startedAt: 5, tokens: 1 }],
      pairing: { state: 'unpaired', reason: 'not connected to the coordinator yet' },
      hardware: { cpuModel: 'Test CPU', cpuCores: 4, ramMb: 8192, os: 'Linux test', gpus: [{ index: 0, name: 'NVIDIA GeForce RTX 4090', vramMb: 24564, offered: true }] },
    });
  });

  it('asks the Island for a fresh pairing code', async () => {
    const h = await harness();
    expect(await h.ok('pairing.refresh', {})).toEqual({ state: 'code', code: 'A3X9K2', pairUrl: 'https://app.archipelag.io/pair', expiresAt: 1_000 });
    expect(h.island.calls).toContain('pairing');
  });

  it('samples hardware only while a dashboard is subscribed', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'setTimeout', 'clearTimeout'] });
    const h = await harness(undefined, { metricsIntervalMs: 1_000 });
    h.island.gpuMetrics = [{ index: 0, utilization_percent: 50, memory_used_mb: 100, memory_total_mb: 24564, temperature_c: 60, power_draw_w: 120.5 }];
    await vi.advanceTimersByTimeAsync(3_500);
    const metrics = h.events.filter((e) => e.type === 'metrics');
    expect(metrics.length).toBeGreaterThanOrEqual(3);
    expect(metrics.at(-1)).toMatchObject({ sample: { cpuPercent: 12.3, ramUsedMb: 1000, ramTotalMb: 8000, gpus: [{ index: 0, utilizationPercent: 50, temperatureC: 60, memoryUsedMb: 100, powerW: 120.5 }] } });
    services.at(-1)!.close();
    const n = h.events.length;
    const other = new IslandApiService({ island: h.island, config: loadConfig({ path: h.configPath, explicit: true, env: {} }).config, configPath: h.configPath, log: h.log, logs: new LogRing(), diskPath: tempDir(), metricsIntervalMs: 1_000, readSystem: () => ({ cpuPercent: 1, ramUsedMb: 1, ramTotalMb: 2 }) });
    services.push(other);
    const seen: ApiEvent[] = [];
    await vi.advanceTimersByTimeAsync(5_000);
    expect(seen).toEqual([]); // nobody subscribed: no sampling, nothing published
    const off = other.subscribe((e) => seen.push(e));
    await vi.advanceTimersByTimeAsync(1_500);
    expect(seen.filter((e) => e.type === 'metrics').length).toBeGreaterThan(0);
    off();
    const count = seen.length;
    await vi.advanceTimersByTimeAsync(5_000);
    expect(seen.length).toBe(count);
    expect(h.events.length).toBe(n);
  });

  it('routes storage.free by id prefix and kind; busy items are a conflict, unknown ones a bad request', async () => {
    const freed: Array<string | null> = [];
    const source = (kind: 'model' | 'image') => ({
      kind,
      list: async () => [{ id: `${kind}:a`, kind, name: 'a', sizeBytes: 10, lastUsedAt: null, inUse: false }],
      usage: () => ({ usedBytes: 10, capBytes: 100 }),
      free: async (id: string | null) => {
        if (id === `${kind}:busy`) throw new CacheItemBusy(`${kind} busy is in use`);
        freed.push(id);
        return 10;
      },
    });
    const h = await harness(undefined, { models: source('model'), images: source('image') });
    expect(await h.ok('storage.free', { id: 'image:a' })).toMatchObject({ freedBytes: 10, images: { usedBytes: 10, capBytes: 100 } });
    expect(await h.ok('storage.free', { kind: 'all' })).toMatchObject({ freedBytes: 20 });
    expect(freed).toEqual(['image:a', null, null]);
    expect(await h.call('storage.free', { id: 'model:busy' })).toMatchObject({ ok: false, error: { code: 'conflict', field: 'params.id', message: 'model busy is in use' } });
    expect(await h.call('storage.free', { id: 'tape:1' })).toMatchObject({ ok: false, error: { code: 'bad-request', field: 'params.id' } });
    const view = (await h.ok('storage.get', {})) as { diskFreeBytes: number; models: { items: unknown[] } };
    expect(view.diskFreeBytes).toBeGreaterThan(0);
    expect(view.models.items).toHaveLength(1);
  });
});

describe('dispatch', () => {
  it('answers a handler crash as internal, logs it, and keeps secrets out of the answer', async () => {
    const h = await harness();
    h.island.requestPairingCode = async () => {
      throw new Error('cannot reach nats://island:s3cret@127.0.0.1:4222');
    };
    const r = await h.call('pairing.refresh', {});
    expect(r).toEqual({ kind: 'response', id: 1, ok: false, error: { code: 'internal', message: 'pairing.refresh failed: cannot reach nats://island:***@127.0.0.1:4222' } });
    expect(h.log.has({ level: 'error', msg: 'a dashboard request failed', fields: { method: 'pairing.refresh' } })).toBe(true);
  });

  it('answers a frame it cannot read with the id it can find in it', async () => {
    const h = await harness();
    expect(await h.svc.handle('{"kind":"request","id":12,"method":"status.get",')).toMatchObject({ id: 12, ok: false, error: { code: 'bad-request' } });
    expect(await h.svc.handle('garbage')).toMatchObject({ id: 0, ok: false });
  });

  it('stops listening to the Island when closed', async () => {
    const h = await harness();
    expect(h.island.listenerCount).toBe(1);
    h.svc.close();
    expect(h.island.listenerCount).toBe(0);
  });
});
