// Preloading (island-protocol.md §7.5, §7.6) with a real model server, and the recommendations
// poll against the real reference coordinator's HTTP API: preloads run one at a time and give way
// to job downloads; the starter set follows the hardware; recommendations are deduplicated.
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFileSync } from 'node:fs';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { defaultConfig, type IslandConfig } from '../../src-shared/config/schema';
import type { PreloadRecommendation } from '../../src-shared/protocol/messages';
import { createPreloader } from '../../src-main/agent/models/preload/create-preloader';
import type { Preloader } from '../../src-main/agent/models/preload/preloader';
import { RecommendationsPoll } from '../../src-main/agent/models/preload/recommendations-poll';
import { startReferenceCoordinator } from '../harness/coordinator/index';
import type { ReferenceCoordinator } from '../harness/coordinator/types';
import { startNatsServer, type NatsServerHandle } from '../harness/nats-server';
import { requireBinary } from '../harness/services';
import { makeCache, MIB, model, sha256, tempCacheDir, type CacheFixture } from '../helpers/model-cache-fixture';
import { startModelServer, type ModelServer } from '../helpers/model-server';
import { createTestLogger } from '../helpers/test-logger';
import { waitUntil } from '../helpers/wait-until';

const natsBin = requireBinary('nats-server', { neededBy: 'the preload recommendations test' });

const rec = (over: Partial<PreloadRecommendation>): PreloadRecommendation => ({
  type: 'preload',
  workload_slug: 'llm-chat',
  model_url: null,
  model_hash: null,
  runtime_type: 'llmcpp',
  estimated_earnings_per_job: null,
  queued_demand: null,
  demand_score: null,
  priority: null,
  ...over,
});

function configWith(over: { api_url?: string; preload?: Partial<IslandConfig['preload']> }): IslandConfig {
  const c = defaultConfig();
  return { ...c, coordinator: { ...c.coordinator, api_url: over.api_url }, preload: { ...c.preload, ...over.preload } };
}

describe('preloads through the model cache', () => {
  let server: ModelServer;
  let tmp: { dir: string; cleanup(): void };
  let fx: CacheFixture;
  let preloader: Preloader | null = null;

  beforeAll(async () => {
    server = await startModelServer();
  });
  afterAll(async () => {
    await server?.close();
  });
  beforeEach(() => {
    tmp = tempCacheDir();
    fx = makeCache(tmp.dir, { hfBase: server.origin });
  });
  afterEach(async () => {
    await preloader?.stop();
    preloader = null;
    await fx.cache.close();
    tmp.cleanup();
  });

  it('a preload pauses while a job downloads, then resumes with Range for the rest', async () => {
    const p = model(2 * MIB);
    const j = model(256 * 1024);
    server.serve('/yield/preload.gguf', { bytes: p.bytes, bytesPerSecond: 2 * MIB });
    server.serve('/yield/job.gguf', { bytes: j.bytes, bytesPerSecond: 1 * MIB });
    const pUrl = server.url('/yield/preload.gguf');
    const preload = fx.cache.acquire({ uri: pUrl, sha256: p.sha256, purpose: 'preload' });
    await waitUntil(() => (fx.cache.downloads()[0]?.receivedBytes ?? 0) > 256 * 1024, 'the preload to be under way');

    const job = await fx.cache.acquire({ uri: server.url('/yield/job.gguf'), sha256: j.sha256, purpose: 'job' });
    job.release();
    const lease = await preload;
    expect(sha256(readFileSync(lease.path))).toBe(p.sha256);
    lease.release();

    const [jobReq] = server.requests('/yield/job.gguf');
    const [first, resumed, ...more] = server.requests('/yield/preload.gguf');
    expect(more).toEqual([]);
    expect(first!.headers.range).toBeUndefined();
    const from = Number(/^bytes=(\d+)-$/.exec(resumed!.headers.range ?? '')?.[1]);
    expect(from).toBeGreaterThan(256 * 1024);
    expect(resumed!.bodyBytes).toBe(2 * MIB - from);
    // The preload used the network again only once the job's download was over.
    expect(resumed!.at).toBeGreaterThanOrEqual(jobReq!.endedAt!);
    const events = fx.downloads();
    expect(events.some((e) => e.uri === pUrl && e.paused === true && e.purpose === 'preload')).toBe(true);
    const doneAt = (uri: string) => events.findIndex((e) => e.uri === uri && e.phase === 'done');
    expect(doneAt(server.url('/yield/job.gguf'))).toBeLessThan(doneAt(pUrl));
    expect(fx.log.has({ msg: 'preload paused: a job needs the network' })).toBe(true);
  });

  it('a preload waits for a running job download before it starts', async () => {
    server.serve('/wait/job.gguf', { bytes: model(512 * 1024).bytes, bytesPerSecond: 2 * MIB });
    server.serve('/wait/pre.gguf', { bytes: model(64 * 1024).bytes });
    const job = fx.cache.acquire({ uri: server.url('/wait/job.gguf'), purpose: 'job' });
    await waitUntil(() => server.requests('/wait/job.gguf').length === 1, 'the job download to start');
    const pre = fx.cache.acquire({ uri: server.url('/wait/pre.gguf'), purpose: 'preload' });
    (await job).release();
    (await pre).release();
    expect(server.requests('/wait/pre.gguf')[0]!.at).toBeGreaterThanOrEqual(server.requests('/wait/job.gguf')[0]!.endedAt!);
  });

  it('a job that asks for the model a preload is fetching joins that download, which becomes a job download', async () => {
    const p = model(1 * MIB);
    server.serve('/join/m.gguf', { bytes: p.bytes, bytesPerSecond: 2 * MIB });
    const url = server.url('/join/m.gguf');
    const preload = fx.cache.acquire({ uri: url, purpose: 'preload' });
    await waitUntil(() => (fx.cache.downloads()[0]?.receivedBytes ?? 0) > 100_000, 'the preload to be under way');
    const job = fx.cache.acquire({ uri: url, sha256: p.sha256, purpose: 'job' });
    await waitUntil(() => fx.cache.downloads()[0]?.waiters === 2, 'the job to join');
    expect(fx.cache.downloads()).toMatchObject([{ purpose: 'job', waiters: 2 }]);
    const [a, b] = await Promise.all([preload, job]);
    expect(a.path).toBe(b.path);
    a.release();
    b.release();
    expect(server.requests('/join/m.gguf')).toHaveLength(1);
    expect(fx.downloads().at(-1)).toMatchObject({ phase: 'done', purpose: 'job' });
  });

  it('starter set from the hardware: what the build can load, one model at a time; a discovered file the runtime cannot load is skipped', async () => {
    server.hfRepo('TheBloke/TinyLlama-1.1B-Chat-v1.0-GGUF', ['README.md', 'tinyllama.Q8_0.gguf', 'tinyllama.Q4_K_M.gguf']);
    server.serve('/TheBloke/TinyLlama-1.1B-Chat-v1.0-GGUF/resolve/main/tinyllama.Q4_K_M.gguf', { bytes: model(300_000).bytes });
    server.hfRepo('openai/whisper-base', ['config.json', 'model.safetensors']);
    server.hfRepo('ultralytics/yolov8n', ['yolov8n.pt', 'yolov8n.onnx']);
    server.serve('/ultralytics/yolov8n/resolve/main/yolov8n.onnx', { bytes: model(100_000).bytes });
    const log = createTestLogger({ module: 'preload' });
    // 4 GiB of RAM and a 4 GiB GPU: TinyLlama, Whisper and YOLO (§7.5).
    preloader = createPreloader({ config: configWith({}), capabilities: { ram_mb: 4096, gpu_vram_mb: 4096 }, hostId: 'h1', cache: fx.cache, log, runtimes: ['gguf', 'onnx'] });
    preloader.start();
    await preloader.idle();
    expect(fx.cache.list().map((i) => i.fileName).sort()).toEqual(['tinyllama.Q4_K_M.gguf', 'yolov8n.onnx']);
    expect(log.has({ level: 'warn', msg: 'preload skipped: model.safetensors is not a file the onnx runtime loads' })).toBe(true);
    expect(server.requests('/openai/whisper-base/resolve/main/model.safetensors')).toHaveLength(0);
    expect(preloader.status()).toMatchObject({ done: 2, skipped: 1, failed: 0 });
    // Sequential: the second file was asked for after the first had arrived.
    const tiny = server.requests('/TheBloke/TinyLlama-1.1B-Chat-v1.0-GGUF/resolve/main/tinyllama.Q4_K_M.gguf')[0]!;
    expect(server.requests('/ultralytics/yolov8n/resolve/main/yolov8n.onnx')[0]!.at).toBeGreaterThanOrEqual(tiny.endedAt!);
    // Every downloaded model was released: nothing stays "in use".
    expect(fx.cache.list().every((i) => !i.inUse)).toBe(true);
  });

  it('[preload] models is the exact list; enabled = false preloads nothing and ignores recommendations', async () => {
    server.serve('/list/a.onnx', { bytes: model(10_000).bytes });
    server.serve('/list/b.gguf', { bytes: model(10_000).bytes });
    const models = [server.url('/list/a.onnx'), server.url('/list/b.gguf')];
    const log = createTestLogger({ module: 'preload' });
    preloader = createPreloader({ config: configWith({ preload: { models } }), capabilities: { ram_mb: 1024, gpu_vram_mb: null }, hostId: 'h1', cache: fx.cache, log, runtimes: [] });
    preloader.start();
    await preloader.idle();
    expect(fx.cache.list().map((i) => i.uri).sort()).toEqual([...models].sort());
    await preloader.stop();

    server.serve('/list/c.gguf', { bytes: model(10_000).bytes });
    const before = server.requests().length;
    preloader = createPreloader({
      config: configWith({ preload: { enabled: false, models: [server.url('/list/c.gguf')] } }),
      capabilities: { ram_mb: 65536, gpu_vram_mb: 24576 },
      hostId: 'h1',
      cache: fx.cache,
      log,
      runtimes: ['gguf', 'onnx'],
    });
    preloader.start();
    preloader.recommend(rec({ model_url: server.url('/list/c.gguf') }));
    await preloader.idle();
    expect(server.requests().length).toBe(before);
    expect(log.has({ msg: 'preload recommendation ignored: [preload] enabled = false' })).toBe(true);
  });

  it('pushed recommendations: deduplicated against the queue and the cache; no model_url is only logged; a failure is a warning', async () => {
    const m = model(200_000);
    server.serve('/push/m.gguf', { bytes: m.bytes, bytesPerSecond: 2 * MIB });
    server.serve('/push/bad.gguf', { bytes: model(1000).bytes });
    const log = createTestLogger({ module: 'preload' });
    preloader = createPreloader({ config: configWith({}), capabilities: { ram_mb: 1024, gpu_vram_mb: null }, hostId: 'h1', cache: fx.cache, log, runtimes: ['gguf'] });
    preloader.start();
    const url = server.url('/push/m.gguf');
    preloader.recommend(rec({ model_url: url, model_hash: `sha256:${m.sha256}` }));
    preloader.recommend(rec({ model_url: url }));
    preloader.recommend(rec({ workload_slug: 'image-gen', runtime_type: 'diffusers' }));
    preloader.recommend(rec({ model_url: server.url('/push/bad.gguf'), model_hash: `sha256:${'0'.repeat(64)}` }));
    await preloader.idle();
    preloader.recommend(rec({ model_url: url })); // cached now
    await preloader.idle();
    expect(server.requests('/push/m.gguf')).toHaveLength(1);
    expect(fx.cache.peek(url)?.state).toBe('cached');
    expect(log.has({ level: 'info', msg: 'preload recommendation without a model_url; nothing to download', fields: { workload: 'image-gen' } })).toBe(true);
    expect(log.find({ level: 'warn', msg: 'preload failed' })?.fields.error).toMatch(/^Model hash mismatch for bad.gguf/);
    expect(preloader.status()).toMatchObject({ done: 1, failed: 1 });
    // Recommended again (the next poll): a model that failed for good is not downloaded again soon.
    preloader.recommend(rec({ model_url: server.url('/push/bad.gguf'), model_hash: `sha256:${'0'.repeat(64)}` }));
    await preloader.idle();
    expect(server.requests('/push/bad.gguf')).toHaveLength(1);
  });

  it('stop() cancels the preload under way; its partial stays to be resumed', async () => {
    server.serve('/stop/m.gguf', { bytes: model(1 * MIB).bytes, bytesPerSecond: 1 * MIB });
    const url = server.url('/stop/m.gguf');
    preloader = createPreloader({ config: configWith({ preload: { models: [url] } }), capabilities: { ram_mb: 1024, gpu_vram_mb: null }, hostId: 'h1', cache: fx.cache, log: createTestLogger(), runtimes: [] });
    preloader.start();
    await waitUntil(() => (fx.cache.downloads()[0]?.receivedBytes ?? 0) > 100_000, 'the preload to be under way');
    await preloader.stop();
    expect(fx.cache.downloads()).toEqual([]);
    await waitUntil(() => fx.cache.peek(url)?.state === 'partial', 'the partial download to be kept');
    const [item] = fx.cache.list();
    expect(item).toMatchObject({ complete: false, inUse: false });
    expect(item!.sizeBytes).toBeGreaterThan(100_000);
  });
});

describe('recommendations poll', () => {
  let http: Server;
  let origin: string;
  let answer: (res: ServerResponse) => void = () => {};

  beforeAll(async () => {
    http = createServer((_req, res) => answer(res));
    await new Promise<void>((r) => http.listen(0, '127.0.0.1', r));
    origin = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    http.closeAllConnections();
    await new Promise((r) => http.close(r));
  });

  const pollOnce = (timeoutMs = 2_000) => new RecommendationsPoll({ apiUrl: origin, hostId: 'h1', timeoutMs }, () => {}, createTestLogger()).pollOnce();

  it('a coordinator that does not answer in time: an error, not a hang', async () => {
    answer = () => {};
    expect(await pollOnce(200)).toEqual({ ok: false, error: `no answer from ${origin}/api/v1/island/recommendations?host_id=h1 within 0.2 s` });
  });
  it('non-2xx and unreadable answers are errors that say what came back', async () => {
    answer = (res) => res.writeHead(503).end('busy');
    expect(await pollOnce()).toEqual({ ok: false, error: `HTTP 503 from ${origin}/api/v1/island/recommendations?host_id=h1` });
    answer = (res) => res.writeHead(200, { 'content-type': 'application/json' }).end('{"recommendations":[{"workload_slug":"x"}]}');
    const r = await pollOnce();
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatch(/^unreadable answer from .*runtime_type/);
  });
});

describe.skipIf(!natsBin)('recommendations poll ↔ reference coordinator', () => {
  let nats: NatsServerHandle;
  let coord: ReferenceCoordinator;
  let server: ModelServer;
  let tmp: { dir: string; cleanup(): void };
  let fx: CacheFixture;

  beforeAll(async () => {
    nats = await startNatsServer();
    coord = await startReferenceCoordinator({ natsUrl: nats.url });
    server = await startModelServer();
    tmp = tempCacheDir();
    fx = makeCache(tmp.dir, { hfBase: server.origin });
  });
  afterAll(async () => {
    await fx?.cache.close();
    tmp?.cleanup();
    await server?.close();
    await coord?.close();
    await nats?.stop();
  });
  afterEach(() => coord.assertNoViolations());

  it("GETs /api/v1/island/recommendations for its host id and preloads each model_url, once", async () => {
    const m = model(300_000);
    server.serve('/rec/llm.gguf', { bytes: m.bytes });
    const url = server.url('/rec/llm.gguf');
    coord.setRecommendations([{ workload_slug: 'llm-chat', runtime_type: 'llmcpp', model_url: url, model_hash: `sha256:${m.sha256}`, queued_demand: 3, priority: 'high' }], 'host-preload-1');
    coord.setRecommendations([{ workload_slug: 'other', runtime_type: 'llmcpp', model_url: server.url('/rec/not-for-us.gguf') }]);
    const log = createTestLogger({ module: 'preload' });
    const preloader = createPreloader({
      config: configWith({ api_url: coord.httpUrl }),
      capabilities: { ram_mb: 1024, gpu_vram_mb: null },
      hostId: 'host-preload-1',
      cache: fx.cache,
      log,
      runtimes: ['gguf', 'onnx'],
      poll: { firstDelayMs: 10, intervalMs: 150 },
    });
    try {
      preloader.start();
      await waitUntil(() => fx.cache.peek(url)?.state === 'cached', 'the recommended model to be cached');
      await waitUntil(() => coord.httpRequests.filter((r) => r.path === '/api/v1/island/recommendations').length >= 3, 'two more polls');
    } finally {
      await preloader.stop();
    }
    const polls = coord.httpRequests.filter((r) => r.path === '/api/v1/island/recommendations');
    expect(polls.every((r) => r.method === 'GET' && r.status === 200)).toBe(true);
    expect(server.requests('/rec/llm.gguf')).toHaveLength(1);
    expect(server.requests('/rec/not-for-us.gguf')).toHaveLength(0);
    expect(log.has({ level: 'info', msg: 'preloaded model', fields: { uri: url, source: 'poll', label: 'llm-chat' } })).toBe(true);
  });
});
