// Where modules come from: http(s) only, the Rust cache layout, hash checks, one download for
// concurrent jobs, limits and clear failures. A real HTTP server on 127.0.0.1 serves them.
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { RuntimeEvent } from '../../../../src-main/agent/runtimes/runtime-events';
import { WasmRuntime, type WasmRuntimeOptions } from '../../../../src-main/agent/runtimes/wasm/index';
import { buildCargo } from '../../../fixtures/wasm/cargos';
import { startModuleServer, type ModuleServer } from '../../../fixtures/wasm/module-server';
import { createTestLogger } from '../../../helpers/test-logger';
import { runJob } from './run-job';

let server: ModuleServer;
let home: string;
let n = 0;

interface Setup {
  rt: WasmRuntime;
  cacheDir: string;
  events: RuntimeEvent[];
}

const runtimes: WasmRuntime[] = [];

function setup(opts: WasmRuntimeOptions = {}): Setup {
  const cacheDir = path.join(home, `cache-${++n}`);
  const events: RuntimeEvent[] = [];
  const rt = new WasmRuntime({ cacheDir, log: createTestLogger(), events: (e) => events.push(e) }, opts);
  runtimes.push(rt);
  return { rt, cacheDir, events };
}

const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
const cacheFileOf = (cacheDir: string, url: string) => path.join(cacheDir, `${sha256(Buffer.from(url)).slice(0, 16)}.wasm`);

/** A module unique to the test, so its request count starts at zero. */
async function serveEcho(name: string, extra: { delayMs?: number } = {}): Promise<{ url: string; bytes: Uint8Array }> {
  const bytes = await buildCargo('echo');
  server.serve(name, { bytes, ...extra });
  return { url: server.url(name), bytes };
}

const INPUT = { type: 'token', content: 'ok' };

beforeAll(async () => {
  server = await startModuleServer();
  home = mkdtempSync(path.join(tmpdir(), 'island-wasm-fetch-'));
});
// Each runtime keeps a spare worker thread once it has run a job.
afterEach(async () => {
  await Promise.all(runtimes.splice(0).map((rt) => rt.close()));
});
afterAll(async () => {
  await server.close();
  rmSync(home, { recursive: true, force: true });
});

describe('WASM runtime: wasm_url rules', () => {
  it('fails a job without wasm_url as the Rust Island does', async () => {
    expect((await runJob(setup().rt, { wasm_url: null })).terminal).toBe('failed: WASM workload missing wasm_url');
  });

  it('never opens a local file: file:// URLs and bare paths are refused', async () => {
    // A valid module sits at the path, so running it would have succeeded.
    const local = path.join(home, 'local.wasm');
    writeFileSync(local, await buildCargo('echo'));
    for (const wasm_url of [local, `file://${local}`, 'local.wasm', 'ftp://127.0.0.1/x.wasm']) {
      const run = await runJob(setup().rt, { wasm_url, input: INPUT });
      expect(run.terminal).toBe(`failed: wasm_url must be an http:// or https:// URL, got ${JSON.stringify(wasm_url)} (local files are never run)`);
      expect(run.reporter.outputsOf(run.job.job_id)).toEqual([]);
    }
  });

  it('refuses a wasm_hash that is no SHA-256 before downloading anything', async () => {
    const { url } = await serveEcho('bad-hash.wasm');
    const run = await runJob(setup().rt, { wasm_url: url, wasm_hash: 'sha256:abc' });
    expect(run.terminal).toBe('failed: wasm_hash is not a SHA-256 digest: "sha256:abc"');
    expect(server.requests('bad-hash.wasm')).toBe(0);
  });
});

describe('WASM runtime: download, verification and cache', () => {
  it('accepts a matching hash with or without sha256:, in either case, and caches the module in the Rust layout', async () => {
    const { url, bytes } = await serveEcho('match.wasm');
    const { rt, cacheDir, events } = setup();
    for (const wasm_hash of [sha256(bytes), `sha256:${sha256(bytes).toUpperCase()}`]) {
      const run = await runJob(rt, { wasm_url: url, wasm_hash, input: INPUT });
      expect(run.terminal).toBe('succeeded');
    }
    expect(server.requests('match.wasm')).toBe(1);
    expect(readFileSync(cacheFileOf(cacheDir, url))).toEqual(Buffer.from(bytes));
    expect(events.map((e) => e.type === 'download' && e.phase)).toEqual(['started', 'done']);
    expect(events.at(-1)).toMatchObject({ url, receivedBytes: bytes.length, totalBytes: bytes.length });
  });

  it('fails a hash mismatch naming both hashes, and keeps the bad module out of the cache', async () => {
    const { url, bytes } = await serveEcho('mismatch.wasm');
    const { rt, cacheDir } = setup();
    const wanted = 'ab'.repeat(32);
    const run = await runJob(rt, { wasm_url: url, wasm_hash: `sha256:${wanted.toUpperCase()}`, input: INPUT });
    expect(run.terminal).toBe(`failed: Failed to download/cache WASM module: hash mismatch: expected ${wanted}, got ${sha256(bytes)}`);
    expect(run.reporter.outputsOf(run.job.job_id)).toEqual([]);
    expect(existsSync(cacheFileOf(cacheDir, url))).toBe(false);
  });

  it('re-hashes the cached file before use and downloads again when it was tampered with', async () => {
    const { url, bytes } = await serveEcho('tamper.wasm');
    const { rt, cacheDir } = setup();
    expect((await runJob(rt, { wasm_url: url, wasm_hash: sha256(bytes), input: INPUT })).terminal).toBe('succeeded');
    const file = cacheFileOf(cacheDir, url);
    writeFileSync(file, await buildCargo('exit3'));
    const run = await runJob(rt, { wasm_url: url, wasm_hash: sha256(bytes), input: INPUT });
    expect(run.terminal).toBe('succeeded');
    expect(server.requests('tamper.wasm')).toBe(2);
    expect(readFileSync(file)).toEqual(Buffer.from(bytes));
  });

  it('downloads once for concurrent jobs wanting the same URL', async () => {
    const { url, bytes } = await serveEcho('shared.wasm', { delayMs: 300 });
    const { rt } = setup();
    const runs = await Promise.all(
      [0, 1, 2].map((i) => runJob(rt, { wasm_url: url, wasm_hash: i === 2 ? sha256(bytes) : null, input: INPUT })),
    );
    expect(runs.map((r) => r.terminal)).toEqual(['succeeded', 'succeeded', 'succeeded']);
    expect(server.requests('shared.wasm')).toBe(1);
  });

  it('refuses a module over the size limit, announced or not', async () => {
    const big = new Uint8Array(64 * 1024).fill(7);
    server.serve('big.wasm', { bytes: big });
    server.serve('big-chunked.wasm', { bytes: big, chunked: true });
    const { rt, cacheDir } = setup({ maxModuleBytes: 16 * 1024 });
    expect((await runJob(rt, { wasm_url: server.url('big.wasm') })).terminal).toBe(
      'failed: Failed to download/cache WASM module: module is larger than the 16 KiB limit (Content-Length 65536)',
    );
    expect((await runJob(rt, { wasm_url: server.url('big-chunked.wasm') })).terminal).toMatch(
      /^failed: Failed to download\/cache WASM module: module is larger than the 16 KiB limit \(\d+ bytes received\)$/,
    );
    expect(existsSync(cacheDir) ? readdirSync(cacheDir) : []).toEqual([]);
  });

  it('reports HTTP errors, refused connections and slow servers as download failures', async () => {
    server.serve('gone.wasm', { bytes: new Uint8Array(), status: 410 });
    const { rt } = setup({ downloadTimeoutMs: 300 });
    expect((await runJob(rt, { wasm_url: server.url('gone.wasm') })).terminal).toBe('failed: Failed to download/cache WASM module: HTTP 410 Gone');
    const port = await closedPort();
    expect((await runJob(rt, { wasm_url: `http://127.0.0.1:${port}/m.wasm` })).terminal).toBe(
      `failed: Failed to download/cache WASM module: connect ECONNREFUSED 127.0.0.1:${port}`,
    );
    await serveEcho('slow.wasm', { delayMs: 2_000 });
    expect((await runJob(rt, { wasm_url: server.url('slow.wasm') })).terminal).toBe('failed: Failed to download/cache WASM module: timed out after 0.3s');
  });
});

/** A port nothing listens on: bound once, then released. */
async function closedPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
  const { port } = probe.address() as { port: number };
  await new Promise((r) => probe.close(r));
  return port;
}
