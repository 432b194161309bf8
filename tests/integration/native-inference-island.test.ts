// Native inference the way an owner's Island does it: the coordinator dispatches an llmcpp job
// naming a model by URL and hash; the Island downloads it through the real model cache from a
// local HTTP server (hash checked while streaming), runs it in the GGUF runtime's inference
// process, and keeps it cached for the next job. The coordinator decodes every message strictly.
import { createHash } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createModelCache } from '../../src-main/agent/models/create-model-cache';
import type { ModelCache } from '../../src-main/agent/models/model-cache';
import { islandPaths } from '../../src-main/agent/paths';
import { GgufRuntime } from '../../src-main/agent/runtimes/gguf/index';
import { defaultConfig } from '../../src-shared/config/schema';
import { startReferenceCoordinator } from '../harness/coordinator/index';
import type { JobRecord, ReferenceCoordinator } from '../harness/coordinator/types';
import { startNatsServer, type NatsServerHandle } from '../harness/nats-server';
import { requireBinary } from '../harness/services';
import { buildTinyLlamaGguf } from '../fixtures/gguf/tiny-gguf';
import { tempCacheDir } from '../helpers/model-cache-fixture';
import { startModelServer, type ModelServer } from '../helpers/model-server';
import { startIsland, type IslandFixture } from '../helpers/island-fixture';
import { createTestLogger } from '../helpers/test-logger';

const natsBin = requireBinary('nats-server', { neededBy: 'the native inference end-to-end test' });

const states = (job: JobRecord) => job.statuses.map((s) => (s.message.error ? `${s.message.state}: ${s.message.error}` : s.message.state));

describe.skipIf(!natsBin)('llmcpp job → model cache download → GGUF runtime (real nats-server, HTTP server, node-llama-cpp)', () => {
  let nats: NatsServerHandle;
  let coord: ReferenceCoordinator;
  let server: ModelServer;
  let cache: ModelCache;
  let runtime: GgufRuntime;
  let fixture: IslandFixture;
  let cacheDir: { dir: string; cleanup(): void };
  const gguf = buildTinyLlamaGguf();
  const hash = `sha256:${createHash('sha256').update(gguf).digest('hex')}`;

  beforeAll(async () => {
    nats = await startNatsServer();
    coord = await startReferenceCoordinator({ natsUrl: nats.url, minutesPerJobMs: 1 });
    server = await startModelServer();
    server.serve('/models/tiny.gguf', { bytes: gguf });
    server.serve('/models/tampered.gguf', { bytes: gguf, always: { kind: 'corrupt', at: 1000 } });
    cacheDir = tempCacheDir();
    const config = defaultConfig();
    config.model_cache.cache_dir = cacheDir.dir;
    cache = createModelCache({ config, paths: islandPaths(cacheDir.dir), settings: { hfToken: undefined }, log: createTestLogger({ module: 'models' }), events: () => undefined });
    runtime = new GgufRuntime({ models: cache, log: createTestLogger({ module: 'gguf' }) }, { threads: 1 });
    fixture = await startIsland({ natsUrl: nats.url, runtimes: [runtime] });
    await coord.waitForHeartbeats(fixture.hostId, 1);
  });
  afterAll(async () => {
    await fixture?.cleanup();
    await runtime?.close();
    await cache?.close();
    await server?.close();
    await coord?.close();
    await nats?.stop();
    cacheDir?.cleanup();
  });
  afterEach(() => coord.assertNoViolations());

  const job = (modelUrl: string, modelHash: string) => ({
    runtime_type: 'llmcpp',
    model_url: modelUrl,
    model_hash: modelHash,
    model_context_size: 512,
    input: { prompt: 'hello tiny model', max_tokens: 8, temperature: 0 },
  });

  it('downloads the model once, verifies it, runs the job, and serves the next job from the cache', async () => {
    const url = server.url('/models/tiny.gguf');
    const first = await coord.waitForJobState(await coord.dispatch(fixture.hostId, job(url, hash)), 'terminal', { timeoutMs: 60_000 });
    expect(states(first)).toEqual(['started', 'succeeded']);
    expect(first.outputs.filter((o) => o.message.is_final)).toHaveLength(1);
    const entry = cache.list().find((m) => m.uri === url);
    expect(entry?.complete).toBe(true);
    expect(entry?.sizeBytes).toBe(gguf.byteLength);

    const second = await coord.waitForJobState(await coord.dispatch(fixture.hostId, job(url, hash)), 'terminal', { timeoutMs: 60_000 });
    expect(states(second)).toEqual(['started', 'succeeded']);
    expect(server.requests('/models/tiny.gguf')).toHaveLength(1);
  });

  it('fails a job whose model does not match its hash, and keeps nothing of it', async () => {
    const url = server.url('/models/tampered.gguf');
    const done = await coord.waitForJobState(await coord.dispatch(fixture.hostId, job(url, hash)), 'terminal', { timeoutMs: 60_000 });
    const [started, failed] = states(done);
    expect(started).toBe('started');
    expect(failed).toMatch(/^failed: Failed to download GGUF model: .*tampered\.gguf.*(hash|sha256)/i);
    expect(cache.list().some((m) => m.uri === url)).toBe(false);
  });
});
