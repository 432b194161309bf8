// The model cache against a real HTTP server on 127.0.0.1 (tests/helpers/model-server.ts):
// resolution, verification while streaming, resume with Range, shared downloads, and where the
// Hugging Face token goes.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { cacheKey } from '../../src-main/agent/models/hf-resolver';
import { fetchFailure, makeCache, MIB, model, sha256, tempCacheDir, type CacheFixture } from '../helpers/model-cache-fixture';
import { startModelServer, type ModelServer } from '../helpers/model-server';
import { waitUntil } from '../helpers/wait-until';

const TOKEN = 'hf_TESTtoken1234567890abcdef';

/** Files under the cache dir other than the index, as relative paths. */
function cacheFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile())
    .map((d) => path.relative(dir, path.join(d.parentPath, d.name)))
    .filter((f) => f !== 'models.json')
    .sort();
}

describe('model cache ↔ local HTTP server', () => {
  let server: ModelServer;
  let other: ModelServer;
  let tmp: { dir: string; cleanup(): void };
  let fx: CacheFixture;

  beforeAll(async () => {
    server = await startModelServer();
    other = await startModelServer();
  });
  afterAll(async () => {
    await server?.close();
    await other?.close();
  });
  beforeEach(() => {
    tmp = tempCacheDir();
    fx = makeCache(tmp.dir, { hfBase: server.origin, hfToken: TOKEN });
  });
  afterEach(async () => {
    await fx.cache.close();
    tmp.cleanup();
  });

  it('downloads a URL into <dir>/<sha256(url)>/<file>, verified; the next acquire is a hit with no request', async () => {
    const m = model(300_000);
    server.serve('/m/plain.onnx', { bytes: m.bytes });
    const url = server.url('/m/plain.onnx');
    const lease = await fx.cache.acquire({ uri: url, sha256: `sha256:${m.sha256}`, purpose: 'job' });
    expect(lease.key).toBe(cacheKey(url));
    expect(lease.path).toBe(path.join(tmp.dir, cacheKey(url), 'plain.onnx'));
    expect(lease.sizeBytes).toBe(300_000);
    expect(sha256(readFileSync(lease.path))).toBe(m.sha256);
    expect(cacheFiles(tmp.dir)).toEqual([path.join(cacheKey(url), 'plain.onnx')]);
    lease.release();

    const again = await fx.cache.acquire({ uri: url, sha256: m.sha256.toUpperCase(), purpose: 'job' });
    expect(again.path).toBe(lease.path);
    again.release();
    expect(server.requests('/m/plain.onnx')).toHaveLength(1);

    const phases = fx.downloads().map((e) => e.phase);
    expect(phases[0]).toBe('started');
    expect(phases.at(-1)).toBe('done');
    expect(fx.downloads().at(-1)).toMatchObject({ source: 'model', key: cacheKey(url), uri: url, purpose: 'job', receivedBytes: 300_000, totalBytes: 300_000 });
  });

  it('hf://<repo>:<file> downloads from the (injected) Hugging Face base; a file name with / gets its folder', async () => {
    const m = model(50_000);
    server.serve('/sentence-transformers/all-MiniLM-L6-v2/resolve/main/onnx/model.onnx', { bytes: m.bytes });
    const lease = await fx.cache.acquire({ uri: 'hf://sentence-transformers/all-MiniLM-L6-v2:onnx/model.onnx', purpose: 'job' });
    const url = `${server.origin}/sentence-transformers/all-MiniLM-L6-v2/resolve/main/onnx/model.onnx`;
    expect(lease.path).toBe(path.join(tmp.dir, cacheKey(url), 'onnx', 'model.onnx'));
    expect(sha256(readFileSync(lease.path))).toBe(m.sha256);
    lease.release();
  });

  it('hf://<repo> picks the file through the API (Q4_K_M first) and remembers it: no API call the next time, even after a restart', async () => {
    const m = model(40_000);
    server.hfRepo('TheBloke/Tiny-GGUF', ['README.md', 'tiny.Q8_0.gguf', 'tiny.Q4_K_M.gguf']);
    server.serve('/TheBloke/Tiny-GGUF/resolve/main/tiny.Q4_K_M.gguf', { bytes: m.bytes });
    const lease = await fx.cache.acquire({ uri: 'hf://TheBloke/Tiny-GGUF', purpose: 'job' });
    expect(path.basename(lease.path)).toBe('tiny.Q4_K_M.gguf');
    lease.release();
    expect(server.requests('/api/models/TheBloke/Tiny-GGUF')).toHaveLength(1);

    await fx.cache.close();
    fx = makeCache(tmp.dir, { hfBase: server.origin });
    const again = await fx.cache.acquire({ uri: 'hf://TheBloke/Tiny-GGUF', purpose: 'job' });
    expect(again.path).toBe(lease.path);
    again.release();
    expect(server.requests('/api/models/TheBloke/Tiny-GGUF')).toHaveLength(1);
  });

  it('hf://<repo> with no model file: not-found naming the files; an unknown repo: not-found with the status', async () => {
    server.hfRepo('org/docs-only', ['README.md', 'config.json']);
    const e1 = await fetchFailure(fx.cache.acquire({ uri: 'hf://org/docs-only', purpose: 'job' }));
    expect(e1.kind).toBe('not-found');
    expect(e1.message).toBe('Could not find a model file in HF repo org/docs-only. Files: ["README.md", "config.json"]');
    const e2 = await fetchFailure(fx.cache.acquire({ uri: 'hf://org/missing', purpose: 'job' }));
    expect(e2.message).toBe('Hugging Face API returned HTTP 404 for repo org/missing');
  });

  it('a wrong hash: hash-mismatch with both hashes, and nothing left in the cache', async () => {
    const m = model(200_000);
    server.serve('/m/corrupt.gguf', { bytes: m.bytes, faults: [{ kind: 'corrupt', at: 123_456 }] });
    const url = server.url('/m/corrupt.gguf');
    const err = await fetchFailure(fx.cache.acquire({ uri: url, sha256: `sha256:${m.sha256}`, purpose: 'job' }));
    expect(err.kind).toBe('hash-mismatch');
    expect(err.message).toMatch(new RegExp(`^Model hash mismatch for corrupt.gguf: expected sha256:${m.sha256}, got sha256:[0-9a-f]{64}$`));
    expect(cacheFiles(tmp.dir)).toEqual([]);
    expect(fx.cache.list()).toEqual([]);
    expect(fx.downloads().at(-1)).toMatchObject({ phase: 'failed', error: err.message });
  });

  it('an expected hash that can never match is refused before any request', async () => {
    server.serve('/m/never.gguf', { bytes: model(10).bytes });
    const err = await fetchFailure(fx.cache.acquire({ uri: server.url('/m/never.gguf'), sha256: 'sha256:xyz', purpose: 'job' }));
    expect(err.kind).toBe('bad-uri');
    expect(err.message).toContain('"sha256:xyz" is not a SHA-256 digest');
    expect(server.requests('/m/never.gguf')).toHaveLength(0);
  });

  it('a connection dropped mid-body is resumed with Range + If-Range: only the remainder is transferred', async () => {
    const m = model(1 * MIB);
    server.serve('/m/drop.gguf', { bytes: m.bytes, faults: [{ kind: 'drop', afterBytes: 400_000 }] });
    const lease = await fx.cache.acquire({ uri: server.url('/m/drop.gguf'), sha256: m.sha256, purpose: 'job' });
    expect(sha256(readFileSync(lease.path))).toBe(m.sha256);
    lease.release();
    const [first, second, ...more] = server.requests('/m/drop.gguf');
    expect(more).toEqual([]);
    expect(first!.headers.range).toBeUndefined();
    expect(first!.bodyBytes).toBe(400_000);
    const from = Number(/^bytes=(\d+)-$/.exec(second!.headers.range ?? '')?.[1]);
    expect(from).toBeGreaterThan(0);
    expect(from).toBeLessThanOrEqual(400_000);
    expect(second!.headers['if-range']).toMatch(/^"[0-9a-f]{16}"$/);
    expect(second!.status).toBe(206);
    expect(second!.bodyBytes).toBe(1 * MIB - from);
    expect(fx.log.has({ level: 'warn', msg: 'model download interrupted; retrying' })).toBe(true);
  });

  it('a busy server (503) and a body that stalls are retried: the stall ends at the idle timeout and the rest comes with Range', async () => {
    await fx.cache.close();
    fx = makeCache(tmp.dir, { idleTimeoutMs: 300 });
    const m = model(600_000);
    server.serve('/m/stall.gguf', { bytes: m.bytes, faults: [{ kind: 'status', status: 503 }, { kind: 'stall', afterBytes: 200_000 }] });
    const lease = await fx.cache.acquire({ uri: server.url('/m/stall.gguf'), sha256: m.sha256, purpose: 'job' });
    expect(sha256(readFileSync(lease.path))).toBe(m.sha256);
    lease.release();
    const reqs = server.requests('/m/stall.gguf');
    expect(reqs.map((r) => [r.status, r.headers.range ?? null])).toEqual([
      [503, null],
      [200, null],
      [206, 'bytes=200000-'],
    ]);
    expect(fx.log.find({ level: 'warn', msg: 'model download interrupted; retrying', fields: { received: 200_000 } })?.fields.error).toMatch(/no data from 127\.0\.0\.1:\d+ for 0.3 s$/);
  });

  it('a server that cannot resume and keeps dropping: network error after the retries, the partial removed', async () => {
    const m = model(500_000);
    server.serve('/m/flaky.gguf', { bytes: m.bytes, ranges: false, always: { kind: 'drop', afterBytes: 100_000 } });
    const err = await fetchFailure(fx.cache.acquire({ uri: server.url('/m/flaky.gguf'), purpose: 'job' }));
    expect(err.kind).toBe('network');
    expect(err.message).toMatch(/^download of flaky.gguf failed after 4 attempts: /);
    // It said Accept-Ranges: none, so every retry asked for the whole file again.
    expect(server.requests('/m/flaky.gguf').map((r) => r.headers.range ?? null)).toEqual([null, null, null, null]);
    expect(cacheFiles(tmp.dir)).toEqual([]);
  });

  it('interrupted, then resumed after a restart: the new run asks only for the remainder', async () => {
    const m = model(1 * MIB);
    server.serve('/m/slow.gguf', { bytes: m.bytes, bytesPerSecond: 2 * MIB });
    const url = server.url('/m/slow.gguf');
    const ctl = new AbortController();
    const pending = fx.cache.acquire({ uri: url, purpose: 'job', signal: ctl.signal });
    await waitUntil(() => (fx.cache.downloads()[0]?.receivedBytes ?? 0) > 200_000, 'some bytes');
    ctl.abort();
    expect((await fetchFailure(pending)).kind).toBe('aborted');
    await fx.cache.close();
    const kept = readFileSync(path.join(tmp.dir, cacheKey(url), 'slow.gguf.tmp')).length;
    expect(kept).toBeGreaterThan(200_000);
    expect(kept).toBeLessThan(1 * MIB);

    fx = makeCache(tmp.dir, { hfBase: server.origin });
    await fx.cache.init();
    expect(fx.cache.list()).toMatchObject([{ key: cacheKey(url), complete: false, sizeBytes: kept, url }]);
    server.serve('/m/slow.gguf', { bytes: m.bytes });
    const lease = await fx.cache.acquire({ uri: url, sha256: m.sha256, purpose: 'job' });
    expect(sha256(readFileSync(lease.path))).toBe(m.sha256);
    lease.release();
    const last = server.requests('/m/slow.gguf').at(-1)!;
    expect(last.headers.range).toBe(`bytes=${kept}-`);
    expect(last.bodyBytes).toBe(1 * MIB - kept);
    expect(cacheFiles(tmp.dir)).toEqual([path.join(cacheKey(url), 'slow.gguf')]);
  });

  it('a file larger than the whole cache is refused from its Content-Length, and nothing is kept', async () => {
    await fx.cache.close();
    fx = makeCache(tmp.dir, { maxBytes: 1 * MIB });
    server.serve('/m/huge.gguf', { bytes: model(2 * MIB).bytes });
    const err = await fetchFailure(fx.cache.acquire({ uri: server.url('/m/huge.gguf'), purpose: 'job' }));
    expect(err.kind).toBe('too-large');
    expect(err.message).toBe('model huge.gguf is 2 MiB, larger than the whole model cache (1 MiB, [model_cache] max_cache_gb)');
    expect(cacheFiles(tmp.dir)).toEqual([]);
  });

  it('a chunked body (no Content-Length) that outgrows the cache is cut off: too-large', async () => {
    await fx.cache.close();
    fx = makeCache(tmp.dir, { maxBytes: 1 * MIB });
    server.serve('/m/chunked.gguf', { bytes: model(2 * MIB).bytes, chunked: true });
    const err = await fetchFailure(fx.cache.acquire({ uri: server.url('/m/chunked.gguf'), purpose: 'job' }));
    expect(err.kind).toBe('too-large');
    expect(cacheFiles(tmp.dir)).toEqual([]);
  });

  it('404: not-found saying where', async () => {
    const err = await fetchFailure(fx.cache.acquire({ uri: server.url('/m/absent.gguf'), purpose: 'job' }));
    expect(err.kind).toBe('not-found');
    expect(err.message).toBe(`model absent.gguf not found at ${server.origin}/m/absent.gguf (HTTP 404)`);
  });

  it('two concurrent acquires of one model: the server sees one request, both get a lease on the same file', async () => {
    const m = model(500_000);
    server.serve('/m/shared.gguf', { bytes: m.bytes });
    const url = server.url('/m/shared.gguf');
    const [a, b] = await Promise.all([
      fx.cache.acquire({ uri: url, sha256: m.sha256, purpose: 'job' }),
      fx.cache.acquire({ uri: url, purpose: 'job' }),
    ]);
    expect(a.path).toBe(b.path);
    expect(server.requests('/m/shared.gguf')).toHaveLength(1);
    expect(fx.downloads().filter((e) => e.phase === 'started')).toHaveLength(1);
    a.release();
    b.release();
  });

  it("one waiter's abort leaves the download another waits on running", async () => {
    const m = model(1 * MIB);
    server.serve('/m/two.gguf', { bytes: m.bytes, bytesPerSecond: 4 * MIB });
    const url = server.url('/m/two.gguf');
    const ctl = new AbortController();
    const first = fx.cache.acquire({ uri: url, purpose: 'job', signal: ctl.signal });
    const second = fx.cache.acquire({ uri: url, sha256: m.sha256, purpose: 'job' });
    await waitUntil(() => (fx.cache.downloads()[0]?.receivedBytes ?? 0) > 100_000, 'the download to start');
    ctl.abort();
    const err = await fetchFailure(first);
    expect(err.kind).toBe('aborted');
    const lease = await second;
    expect(sha256(readFileSync(lease.path))).toBe(m.sha256);
    lease.release();
    expect(server.requests('/m/two.gguf')).toHaveLength(1);
    expect(server.requests('/m/two.gguf')[0]!.headers.range).toBeUndefined();
  });

  it('a redirect loop and a redirect to a file: URL are refused with what went wrong', async () => {
    server.redirect('/loop/a.gguf', server.url('/loop/b.gguf'));
    server.redirect('/loop/b.gguf', server.url('/loop/a.gguf'));
    server.redirect('/to-file/m.gguf', 'file:///etc/passwd');
    const loop = await fetchFailure(fx.cache.acquire({ uri: server.url('/loop/a.gguf'), purpose: 'job' }));
    expect(loop.kind).toBe('network');
    expect(loop.message).toMatch(/^download of a.gguf failed: more than 10 redirects starting at http:\/\/127\.0\.0\.1:\d+$/);
    expect(server.requests('/loop/a.gguf')).toHaveLength(6); // one attempt, not retried
    const file = await fetchFailure(fx.cache.acquire({ uri: server.url('/to-file/m.gguf'), purpose: 'job' }));
    expect(file.message).toMatch(/^download of m.gguf failed: redirect to a non-http\(s\) URL \(file:\) from http:\/\/127/);
    expect(cacheFiles(tmp.dir)).toEqual([]);
  });

  it('the HF token goes to the Hugging Face host (API and files), never to a plain URL nor across a redirect to another host', async () => {
    const m = model(10_000);
    server.hfRepo('org/discover', ['w.gguf']);
    server.serve('/org/discover/resolve/main/w.gguf', { bytes: m.bytes });
    other.serve('/plain.gguf', { bytes: m.bytes });
    other.serve('/cdn/blob.gguf', { bytes: m.bytes });
    server.redirect('/org/redirected/resolve/main/r.gguf', other.url('/cdn/blob.gguf'));

    for (const uri of ['hf://org/discover', other.url('/plain.gguf'), 'hf://org/redirected:r.gguf']) {
      (await fx.cache.acquire({ uri, purpose: 'job' })).release();
    }
    const bearer = `Bearer ${TOKEN}`;
    expect(server.requests('/api/models/org/discover')[0]!.headers.authorization).toBe(bearer);
    expect(server.requests('/org/discover/resolve/main/w.gguf')[0]!.headers.authorization).toBe(bearer);
    expect(server.requests('/org/redirected/resolve/main/r.gguf')[0]!.headers.authorization).toBe(bearer);
    expect(other.requests('/plain.gguf')).toHaveLength(1);
    expect(other.requests('/cdn/blob.gguf')).toHaveLength(1);
    for (const r of other.requests()) expect(r.headers.authorization).toBeUndefined();
    // Nor does it leak into the log or the dashboard's events.
    expect(JSON.stringify(fx.events) + fx.log.dump()).not.toContain(TOKEN);
  });
});
