// The model cache's disk: LRU eviction under the cap (leases respected), the dashboard's view and
// controls, the start-up rescan (ours and the Rust Island's layout), and a full disk.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { cacheKey } from '../../src-main/agent/models/hf-resolver';
import { ModelEvictError } from '../../src-main/agent/models/model-cache';
import type { ModelLease } from '../../src-main/agent/models/model-store';
import { nodeModelFs, type ModelFs } from '../../src-main/agent/models/model-fs';
import { fetchFailure, fullDiskFs, makeCache, MIB, model, sha256, tempCacheDir, type CacheFixture } from '../helpers/model-cache-fixture';
import { startModelServer, type ModelServer } from '../helpers/model-server';
import { waitUntil } from '../helpers/wait-until';

describe('model cache: space, dashboard, restart, full disk', () => {
  let server: ModelServer;
  let tmp: { dir: string; cleanup(): void };
  let fx: CacheFixture;
  let clock: number;
  const now = () => clock;

  const serveModel = (name: string, bytes: number) => {
    const m = model(bytes);
    server.serve(`/m/${name}`, { bytes: m.bytes });
    return { ...m, url: server.url(`/m/${name}`) };
  };
  const get = async (url: string): Promise<ModelLease> => {
    clock += 1000;
    return fx.cache.acquire({ uri: url, purpose: 'job' });
  };

  beforeAll(async () => {
    server = await startModelServer();
  });
  afterAll(async () => {
    await server?.close();
  });
  beforeEach(() => {
    clock = 1_000_000;
    tmp = tempCacheDir();
    fx = makeCache(tmp.dir, { maxBytes: 3 * MIB, now });
  });
  afterEach(async () => {
    await fx.cache.close();
    tmp.cleanup();
  });

  it('evicts the least recently used models to fit the incoming file, never one with a live lease', async () => {
    const [a, b, c, d] = ['a.gguf', 'b.gguf', 'c.gguf', 'd.gguf'].map((n) => serveModel(n, 1 * MIB));
    const heldA = await get(a!.url); // oldest, and held by a "job" throughout
    (await get(b!.url)).release();
    (await get(c!.url)).release();
    expect(fx.cache.list().map((i) => i.fileName).sort()).toEqual(['a.gguf', 'b.gguf', 'c.gguf']);

    const leaseD = await get(d!.url);
    // 3 MiB cap, 3 MiB cached, 1 MiB incoming: one model must go; A is older but held, so B goes.
    expect(fx.cache.list().map((i) => i.fileName).sort()).toEqual(['a.gguf', 'c.gguf', 'd.gguf']);
    expect(existsSync(path.join(tmp.dir, cacheKey(b!.url)))).toBe(false);
    expect(readFileSync(heldA.path).length).toBe(1 * MIB);
    expect(fx.log.has({ level: 'info', msg: /^evicted model b.gguf \(1 MiB\) to make room for d.gguf/ })).toBe(true);
    expect((await fx.cache.usage()).usedBytes).toBe(3 * MIB);
    heldA.release();
    leaseD.release();
  });

  it('a recent use protects a model: the one used longest ago goes first', async () => {
    const [a, b, c, d] = ['a.gguf', 'b.gguf', 'c.gguf', 'd.gguf'].map((n) => serveModel(n, 1 * MIB));
    for (const m of [a, b, c]) (await get(m!.url)).release();
    (await get(a!.url)).release(); // a is now the most recent
    (await get(d!.url)).release();
    expect(fx.cache.list().map((i) => i.fileName)).toEqual(['d.gguf', 'a.gguf', 'c.gguf']);
  });

  it('when held models leave no room the download is refused, saying what holds the space', async () => {
    const [a, b, c] = ['a.gguf', 'b.gguf', 'c.gguf'].map((n) => serveModel(n, 1.5 * MIB));
    const la = await get(a!.url);
    const lb = await get(b!.url);
    const err = await fetchFailure(fx.cache.acquire({ uri: c!.url, purpose: 'job' }));
    expect(err.kind).toBe('too-large');
    expect(err.message).toBe(
      'no room for model c.gguf (1.5 MiB) in the model cache (3 MiB, [model_cache] max_cache_gb): 3 MiB is held by running jobs and downloads; raise max_cache_gb or try again when they finish',
    );
    expect(fx.cache.list()).toHaveLength(2);
    la.release();
    lb.release();
  });

  it('dashboard: lists entries, totals, refuses to evict a model in use, frees what nothing holds', async () => {
    const [a, b, c] = ['a.onnx', 'b.onnx', 'c.onnx'].map((n) => serveModel(n, 512 * 1024));
    const held = await get(a!.url);
    (await get(b!.url)).release();
    (await get(c!.url)).release();
    const items = fx.cache.list();
    expect(items.map((i) => [i.fileName, i.inUse, i.complete, i.sizeBytes, i.uri])).toEqual([
      ['c.onnx', false, true, 512 * 1024, c!.url],
      ['b.onnx', false, true, 512 * 1024, b!.url],
      ['a.onnx', true, true, 512 * 1024, a!.url],
    ]);
    expect(items[0]!.sha256).toBe(c!.sha256);
    const usage = await fx.cache.usage();
    expect(usage).toMatchObject({ usedBytes: 1.5 * MIB, capBytes: 3 * MIB, partialBytes: 0, entries: 3 });
    expect(usage.diskFreeBytes).toBeGreaterThan(0);

    await expect(fx.cache.evict(cacheKey(a!.url))).rejects.toThrow(new ModelEvictError('in-use', 'model a.onnx is in use by a running job'));
    await expect(fx.cache.evict('f'.repeat(64))).rejects.toMatchObject({ reason: 'unknown' });
    expect(await fx.cache.evict(cacheKey(b!.url))).toEqual({ freedBytes: 512 * 1024 });
    expect(existsSync(path.join(tmp.dir, cacheKey(b!.url)))).toBe(false);

    const freed = await fx.cache.freeUnused();
    expect(freed).toEqual({ removed: [cacheKey(c!.url)], freedBytes: 512 * 1024 });
    expect(fx.cache.list().map((i) => i.fileName)).toEqual(['a.onnx']);
    held.release();
    expect((await fx.cache.freeUnused()).removed).toEqual([cacheKey(a!.url)]);
    expect(readdirSync(tmp.dir)).toEqual(['models.json']);
  });

  it('dashboard: a running download shows its progress; its events come at most 4 a second', async () => {
    const m = model(1 * MIB);
    server.serve('/m/paced.gguf', { bytes: m.bytes, bytesPerSecond: 1.25 * MIB });
    await fx.cache.close();
    fx = makeCache(tmp.dir, { maxBytes: 3 * MIB }); // real clock: the throttle is about time
    const pending = fx.cache.acquire({ uri: server.url('/m/paced.gguf'), purpose: 'job' });
    await waitUntil(() => (fx.cache.downloads()[0]?.receivedBytes ?? 0) > 0, 'progress');
    expect(fx.cache.downloads()).toMatchObject([{ fileName: 'paced.gguf', purpose: 'job', phase: 'running', totalBytes: 1 * MIB, waiters: 1 }]);
    await expect(fx.cache.evict(cacheKey(server.url('/m/paced.gguf')))).rejects.toMatchObject({ reason: 'downloading', message: 'model paced.gguf is being downloaded' });
    const t0 = performance.now();
    (await pending).release();
    const seconds = (performance.now() - t0) / 1000 + 0.25;
    const progress = fx.downloads().filter((e) => e.phase === 'progress');
    expect(progress.length).toBeGreaterThanOrEqual(2);
    expect(progress.length).toBeLessThanOrEqual(Math.ceil(seconds * 4) + 1);
    expect(fx.cache.downloads()).toEqual([]);
  });

  it('a cached model whose hash no longer matches what a job expects is downloaded again', async () => {
    const m = serveModel('changed.gguf', 100_000);
    (await get(m.url)).release();
    const fresh = model(100_000);
    server.serve('/m/changed.gguf', { bytes: fresh.bytes });
    const lease = await fx.cache.acquire({ uri: m.url, sha256: fresh.sha256, purpose: 'job' });
    expect(sha256(readFileSync(lease.path))).toBe(fresh.sha256);
    lease.release();
    expect(server.requests('/m/changed.gguf')).toHaveLength(2);
    expect(fx.log.has({ level: 'warn', msg: 'cached model does not match the expected hash; downloading it again' })).toBe(true);
  });

  it('a restart rescans the directory: entries kept with their URIs, the Rust layout read, unusable partials dropped, other folders left alone', async () => {
    const a = serveModel('a.gguf', 200_000);
    const b = serveModel('b.onnx', 100_000);
    (await get(a.url)).release();
    (await get(b.url)).release();
    await fx.cache.close();

    // A Rust Island's entry: <sha256(url)>/<file>, no index; its stray `.tmp`; and an owner's folder.
    const rustUrl = 'https://example.com/models/rust.gguf';
    const rustBytes = Buffer.from('rust island model bytes');
    mkdirSync(path.join(tmp.dir, cacheKey(rustUrl)));
    writeFileSync(path.join(tmp.dir, cacheKey(rustUrl), 'rust.gguf'), rustBytes);
    const strayKey = cacheKey('https://example.com/half.gguf');
    mkdirSync(path.join(tmp.dir, strayKey));
    writeFileSync(path.join(tmp.dir, strayKey, 'half.gguf.tmp'), 'half');
    mkdirSync(path.join(tmp.dir, 'notes'));
    writeFileSync(path.join(tmp.dir, 'notes', 'keep.txt'), 'mine');

    fx = makeCache(tmp.dir, { maxBytes: 3 * MIB, now });
    await fx.cache.init();
    const byName = new Map(fx.cache.list().map((i) => [i.fileName, i]));
    expect([...byName.keys()].sort()).toEqual(['a.gguf', 'b.onnx', 'rust.gguf']);
    expect(byName.get('a.gguf')).toMatchObject({ uri: a.url, url: a.url, sizeBytes: 200_000, sha256: a.sha256, complete: true });
    expect(byName.get('rust.gguf')).toMatchObject({ uri: null, url: null, sizeBytes: rustBytes.length, sha256: null });
    expect(existsSync(path.join(tmp.dir, strayKey))).toBe(false);
    expect(readFileSync(path.join(tmp.dir, 'notes', 'keep.txt'), 'utf8')).toBe('mine');

    // Hits, no request; the Rust entry is hashed once when a job names a hash, and the hash is kept.
    const before = server.requests().length;
    (await get(a.url)).release();
    const rustSha = createHash('sha256').update(rustBytes).digest('hex');
    (await fx.cache.acquire({ uri: rustUrl, sha256: `sha256:${rustSha}`, purpose: 'job' })).release();
    expect(server.requests().length).toBe(before);
    const index = JSON.parse(readFileSync(path.join(tmp.dir, 'models.json'), 'utf8')) as { entries: Record<string, { sha256: string | null }> };
    expect(index.entries[cacheKey(rustUrl)]?.sha256).toBe(rustSha);
  });

  it('a corrupt index is moved aside with a warning; the entries come back from the files', async () => {
    const a = serveModel('a.gguf', 10_000);
    (await get(a.url)).release();
    await fx.cache.close();
    writeFileSync(path.join(tmp.dir, 'models.json'), '{"version": 1, "entries": ');
    fx = makeCache(tmp.dir, { maxBytes: 3 * MIB, now });
    await fx.cache.init();
    expect(fx.cache.list().map((i) => i.fileName)).toEqual(['a.gguf']);
    expect(fx.log.has({ level: 'warn', msg: /index is corrupt; moved it aside/ })).toBe(true);
    expect(readdirSync(tmp.dir).some((f) => f.startsWith('models.json.corrupt-'))).toBe(true);
  });

  it('a disk without room for the announced size is refused before a byte is written', async () => {
    await fx.cache.close();
    const writes: string[] = [];
    fx = makeCache(tmp.dir, {
      maxBytes: 3 * MIB,
      fs: {
        ...nodeModelFs,
        statfs: (async () => ({ bavail: 100, bsize: 4096 })) as unknown as ModelFs['statfs'],
        open: (async (file: string, flags?: string) => {
          writes.push(file);
          return nodeModelFs.open(file, flags);
        }) as ModelFs['open'],
      },
    });
    const big = serveModel('roomless.gguf', 1 * MIB);
    const err = await fetchFailure(fx.cache.acquire({ uri: big.url, purpose: 'job' }));
    expect(err).toMatchObject({ kind: 'disk', message: `not enough free disk space for model roomless.gguf: it needs 1 MiB more, 400 KiB free on ${tmp.dir}` });
    expect(writes.filter((f) => f.endsWith('.tmp'))).toEqual([]);
    expect(existsSync(path.join(tmp.dir, cacheKey(big.url)))).toBe(false);
  });

  it('a full disk (ENOSPC on write): a clean disk error, the partial removed, the cache intact', async () => {
    const kept = serveModel('kept.gguf', 100_000);
    (await get(kept.url)).release();
    await fx.cache.close();
    const disk = fullDiskFs(300_000);
    fx = makeCache(tmp.dir, { maxBytes: 3 * MIB, now, fs: disk });
    const big = serveModel('big.gguf', 1 * MIB);
    const err = await fetchFailure(fx.cache.acquire({ uri: big.url, purpose: 'job' }));
    expect(err.kind).toBe('disk');
    expect(err.message).toBe('cannot write model big.gguf to the cache (no space left on the disk); the partial file was removed');
    expect(disk.written()).toBeLessThanOrEqual(300_000);
    expect(existsSync(path.join(tmp.dir, cacheKey(big.url)))).toBe(false);
    expect(fx.cache.list().map((i) => i.fileName)).toEqual(['kept.gguf']);
    expect(fx.cache.downloads()).toEqual([]);
    // Space freed elsewhere: the same model downloads fine on the next request.
    await fx.cache.close();
    fx = makeCache(tmp.dir, { maxBytes: 3 * MIB, now });
    const lease = await fx.cache.acquire({ uri: big.url, sha256: big.sha256, purpose: 'job' });
    expect(sha256(readFileSync(lease.path))).toBe(big.sha256);
    lease.release();
  });
});
