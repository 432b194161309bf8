// Fault: the disk fills while a model downloads (issue 8). The model cache lives on a real 4 MiB
// tmpfs, so the kernel itself answers ENOSPC. A job first caches a small GGUF and runs on it; then
// the coordinator dispatches a job whose model is bigger than the space left, served chunked (no
// Content-Length), so the up-front space check cannot see it coming and the write really fails.
// The job must fail once with a disk reason, the partial must go and give its space back, and
// the cache must still serve the first model. model-cache-space.test.ts covers the same paths
// against a fake file system; this one is the real thing end to end.
import { createHash, randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createModelCache } from '../../src-main/agent/models/create-model-cache';
import { cacheKey } from '../../src-main/agent/models/hf-resolver';
import type { ModelCache } from '../../src-main/agent/models/model-cache';
import { islandPaths } from '../../src-main/agent/paths';
import { GgufRuntime } from '../../src-main/agent/runtimes/gguf/index';
import { defaultConfig } from '../../src-shared/config/schema';
import { startReferenceCoordinator } from '../harness/coordinator/index';
import type { JobRecord, ReferenceCoordinator } from '../harness/coordinator/types';
import { startNatsServer, type NatsServerHandle } from '../harness/nats-server';
import { requireBinary } from '../harness/services';
import { mountTmpfs, requireTmpfs, type TmpfsMount } from '../harness/tmpfs';
import { buildTinyLlamaGguf } from '../fixtures/gguf/tiny-gguf';
import { startIsland, type IslandFixture } from '../helpers/island-fixture';
import { MIB } from '../helpers/model-cache-fixture';
import { startModelServer, type ModelServer } from '../helpers/model-server';
import { createTestLogger, type TestLogger } from '../helpers/test-logger';

const natsBin = requireBinary('nats-server', { neededBy: 'the full-disk fault test' });
const tmpfsOk = natsBin !== null && (await requireTmpfs('the full-disk fault test'));

const DISK_BYTES = 4 * MIB;
const BIG_BYTES = 8 * MIB;

const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
const states = (job: JobRecord) => job.statuses.map((s) => (s.message.error ? `${s.message.state}: ${s.message.error}` : s.message.state));

/** Every file under `dir`, relative to it. */
function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)))
    .sort();
}

describe.skipIf(!tmpfsOk)('a full disk during a model download (real tmpfs, nats-server, coordinator, node-llama-cpp)', () => {
  let nats: NatsServerHandle;
  let coord: ReferenceCoordinator;
  let server: ModelServer;
  let disk: TmpfsMount;
  let cache: ModelCache;
  let runtime: GgufRuntime;
  let fixture: IslandFixture;
  let cacheLog: TestLogger;
  const tiny = buildTinyLlamaGguf();
  const big = randomBytes(BIG_BYTES);
  let tinyUrl: string;
  let bigUrl: string;

  const llmJob = (url: string, bytes: Uint8Array) => ({
    runtime_type: 'llmcpp',
    model_url: url,
    model_hash: `sha256:${sha(bytes)}`,
    model_context_size: 512,
    input: { prompt: 'hello tiny model', max_tokens: 4, temperature: 0 },
  });
  const run = async (job: ReturnType<typeof llmJob>) => coord.waitForJobState(await coord.dispatch(fixture.hostId, job), 'terminal', { timeoutMs: 45_000 });

  beforeAll(async () => {
    disk = await mountTmpfs(DISK_BYTES, 'island-model-cache-');
    nats = await startNatsServer();
    coord = await startReferenceCoordinator({ natsUrl: nats.url, minutesPerJobMs: 1 });
    server = await startModelServer();
    server.serve('/models/tiny.gguf', { bytes: tiny });
    // Chunked: the cache learns the size only as the bytes arrive.
    server.serve('/models/big.gguf', { bytes: big, chunked: true });
    tinyUrl = server.url('/models/tiny.gguf');
    bigUrl = server.url('/models/big.gguf');
    const config = defaultConfig();
    config.model_cache.cache_dir = disk.dir;
    cacheLog = createTestLogger({ module: 'models' });
    cache = createModelCache({ config, paths: islandPaths(disk.dir), settings: { hfToken: undefined }, log: cacheLog, events: () => undefined });
    runtime = new GgufRuntime({ models: cache, log: createTestLogger({ module: 'gguf' }) }, { threads: 1 });
    fixture = await startIsland({ natsUrl: nats.url, runtimes: [runtime] });
    await coord.waitForHeartbeats(fixture.hostId, 1);
  });
  afterAll(async () => {
    try {
      await fixture?.cleanup();
      await runtime?.close(); // the inference process has the model mapped from the tmpfs
      await cache?.close();
      await server?.close();
      await coord?.close();
      await nats?.stop();
    } finally {
      await disk?.unmount();
    }
  });
  afterEach(() => coord.assertNoViolations());

  it('caches a small model on the tmpfs and runs a job on it', async () => {
    const job = await run(llmJob(tinyUrl, tiny));
    expect(states(job)).toEqual(['started', 'succeeded']);
    expect(cache.list().map((m) => [m.fileName, m.complete, m.sizeBytes])).toEqual([['tiny.gguf', true, tiny.byteLength]]);
    expect(filesUnder(disk.dir)).toEqual(['models.json', path.join(cacheKey(tinyUrl), 'tiny.gguf')].sort());
  });

  it('a chunked model bigger than the space left: the job fails once with a disk reason, the partial is removed, the space given back', async () => {
    const freeBefore = await disk.freeBytes();
    expect(freeBefore).toBeLessThan(BIG_BYTES); // it cannot fit: only the write can find out

    const job = await run(llmJob(bigUrl, big));
    expect(states(job)).toEqual([
      'started',
      `failed: Failed to download GGUF model: ${bigUrl}: cannot write model big.gguf to the cache (no space left on the disk); the partial file was removed`,
    ]);
    // Not refused up front: the body streamed until the file system was full, in one request
    // (a full disk is not retried like a dropped connection).
    expect(server.requests('/models/big.gguf')).toHaveLength(1);
    expect(server.bodyBytes('/models/big.gguf')).toBeGreaterThanOrEqual(freeBefore - 64 * 1024);
    expect(cacheLog.has({ level: 'warn', msg: 'model download failed', fields: { model: 'big.gguf', kind: 'disk' } })).toBe(true);

    expect(filesUnder(disk.dir)).toEqual(['models.json', path.join(cacheKey(tinyUrl), 'tiny.gguf')].sort());
    expect(await disk.freeBytes()).toBe(freeBefore);
    expect(cache.downloads()).toEqual([]);
    expect(cache.list().some((m) => m.fileName === 'big.gguf')).toBe(false);
  });

  it('the cache is intact: the first model is still listed, unchanged, and a job on it succeeds without a download', async () => {
    expect(cache.list().map((m) => [m.fileName, m.complete, m.sha256])).toEqual([['tiny.gguf', true, sha(tiny)]]);
    expect(sha(readFileSync(path.join(disk.dir, cacheKey(tinyUrl), 'tiny.gguf')))).toBe(sha(tiny));
    const job = await run(llmJob(tinyUrl, tiny));
    expect(states(job)).toEqual(['started', 'succeeded']);
    expect(job.outputs.filter((o) => o.message.is_final)).toHaveLength(1);
    expect(server.requests('/models/tiny.gguf')).toHaveLength(1);
  });
});
