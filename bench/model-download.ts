// Download throughput through the model cache against curl, same local server, same file.
//
//   (a) Island: ModelCache.acquire() of a URL → the file streamed to `<key>/model.bin.tmp`,
//       SHA-256 verified while it streams (the expected hash is passed), renamed into the cache;
//       timed from acquire() to the lease.
//   (b) Baseline: `curl -s -o <file> <url>` as a child process, timed from spawn to exit.
//   (c) For context, what (a) does with shell tools: `curl -s <url> | tee <file> | sha256sum`
//       (download, keep and verify; three processes, so the hash runs on another core).
// The server is the tests' model server (Node http, file streamed with createReadStream) in its
// own process. Runs alternate (curl, Island, curl, Island, …) so that background load hits both
// alike; each run writes a fresh file in the same temp directory, removed afterwards.
//
// Run: npm run bench:download [-- <runs=5> <size MiB=512> <link MiB/s=0>]. A link rate paces the
// server like a network (119 MiB/s is a gigabit line): then both are network-bound, and what is
// left to compare is what the cache costs in CPU. Prints a JSON summary; the raw run
// goes to bench/out/model-download-<time>.json. BENCH_DIR puts the files elsewhere than the
// system's temp directory (e.g. /dev/shm, to take the disk out of the comparison).
import { spawn, spawnSync } from 'node:child_process';
import { createHash, randomFillSync } from 'node:crypto';
import { mkdirSync, mkdtempSync, openSync, closeSync, rmSync, writeSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { ModelCache } from '../src-main/agent/models/model-cache';
import { createTestLogger } from '../tests/helpers/test-logger';
import { machine, round } from './lib/stats';

const RUNS = Number(process.argv[2] ?? 5);
const SIZE_MIB = Number(process.argv[3] ?? 512);
const LINK_MIBPS = Number(process.argv[4] ?? 0);
const MIB = 1024 * 1024;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** A file of random bytes (incompressible, nothing cached by accident), and its SHA-256. */
function writeRandomFile(file: string, bytes: number): string {
  const hash = createHash('sha256');
  const buf = Buffer.allocUnsafe(8 * MIB);
  const fd = openSync(file, 'w');
  try {
    for (let left = bytes; left > 0; left -= buf.length) {
      const chunk = buf.subarray(0, Math.min(buf.length, left));
      randomFillSync(chunk);
      hash.update(chunk);
      writeSync(fd, chunk);
    }
  } finally {
    closeSync(fd);
  }
  return hash.digest('hex');
}

async function startServer(file: string): Promise<{ origin: string; stop(): void }> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(import.meta.dirname, 'lib/model-file-server.ts'), file, String(LINK_MIBPS)], { stdio: ['ignore', 'pipe', 'inherit'] });
  const line = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout! }).once('line', resolve);
    child.once('exit', (code) => reject(new Error(`model server exited with ${code}`)));
  });
  return { origin: (JSON.parse(line) as { origin: string }).origin, stop: () => child.kill('SIGTERM') };
}

function curlOnce(url: string, out: string): Promise<{ seconds: number }> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn('curl', ['-s', '-f', '-o', out, url], { stdio: 'ignore' });
    child.once('error', reject);
    child.once('exit', (code) => {
      const seconds = (performance.now() - t0) / 1000;
      if (code !== 0) return reject(new Error(`curl exited with ${code}`));
      resolve({ seconds });
    });
  });
}

function curlShaOnce(url: string, out: string, expected: string): Promise<{ seconds: number }> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn('sh', ['-c', `curl -s -f '${url}' | tee '${out}' | sha256sum`], { stdio: ['ignore', 'pipe', 'inherit'] });
    let text = '';
    child.stdout!.on('data', (c: Buffer) => (text += c.toString()));
    child.once('error', reject);
    child.once('exit', (code) => {
      const seconds = (performance.now() - t0) / 1000;
      if (code !== 0 || !text.startsWith(expected)) return reject(new Error(`curl | sha256sum failed (${code}): ${text}`));
      resolve({ seconds });
    });
  });
}

async function islandOnce(url: string, expected: string, dir: string): Promise<{ seconds: number; cpuSeconds: number }> {
  const cache = new ModelCache({ dir, maxBytes: 4 * SIZE_MIB * MIB, log: createTestLogger() });
  await cache.init();
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const lease = await cache.acquire({ uri: url, sha256: `sha256:${expected}`, purpose: 'job' });
  const seconds = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  lease.release();
  await cache.close();
  return { seconds, cpuSeconds: (cpu.user + cpu.system) / 1e6 };
}

/** curl's own CPU time for one download, via /usr/bin/time (outside the timed runs). */
function curlCpuSeconds(url: string, out: string): number | null {
  const r = spawnSync('/usr/bin/time', ['-f', '%U %S', 'curl', '-s', '-f', '-o', out, url], { encoding: 'utf8' });
  const m = /([\d.]+) ([\d.]+)\s*$/.exec(r.stderr ?? '');
  return m ? Number(m[1]) + Number(m[2]) : null;
}

async function main(): Promise<void> {
  const work = mkdtempSync(path.join(process.env.BENCH_DIR ?? tmpdir(), 'bench-download-'));
  const bytes = SIZE_MIB * MIB;
  const source = path.join(work, 'source.bin');
  process.stderr.write(`writing ${SIZE_MIB} MiB of random bytes…\n`);
  const expected = writeRandomFile(source, bytes);
  const server = await startServer(source);
  const url = `${server.origin}/model.bin`;
  const curl: number[] = [];
  const curlSha: number[] = [];
  const island: number[] = [];
  const islandCpu: number[] = [];
  try {
    // One unmeasured round each: the page cache holds the source file from here on.
    await curlOnce(url, path.join(work, 'warm.bin'));
    await islandOnce(url, expected, path.join(work, 'warm-cache'));
    rmSync(path.join(work, 'warm.bin'), { force: true });
    rmSync(path.join(work, 'warm-cache'), { recursive: true, force: true });
    for (let i = 0; i < RUNS; i++) {
      const out = path.join(work, `curl-${i}.bin`);
      const c = await curlOnce(url, out);
      rmSync(out, { force: true });
      const verified = await curlShaOnce(url, out, expected);
      rmSync(out, { force: true });
      const dir = path.join(work, `cache-${i}`);
      mkdirSync(dir);
      const m = await islandOnce(url, expected, dir);
      rmSync(dir, { recursive: true, force: true });
      curl.push(c.seconds);
      curlSha.push(verified.seconds);
      island.push(m.seconds);
      islandCpu.push(m.cpuSeconds);
      process.stderr.write(
        `run ${i + 1}/${RUNS}: curl ${round(SIZE_MIB / c.seconds, 0)} MiB/s, curl|sha256sum ${round(SIZE_MIB / verified.seconds, 0)} MiB/s, island ${round(SIZE_MIB / m.seconds, 0)} MiB/s\n`,
      );
    }
    const curlCpu = curlCpuSeconds(url, path.join(work, 'cpu.bin'));
    const mibps = (secs: number[]) => secs.map((s) => round(SIZE_MIB / s, 1));
    const result = {
      bench: 'model-download',
      file: { mib: SIZE_MIB, sha256: expected },
      server:
        LINK_MIBPS > 0
          ? `tests/helpers/model-server.ts in its own process, file in memory, paced at ${LINK_MIBPS} MiB/s, 127.0.0.1`
          : 'tests/helpers/model-server.ts in its own process (Node http, createReadStream 1 MiB chunks), 127.0.0.1',
      island: { path: 'ModelCache.acquire (node:http, sha256 while streaming, writev to <file>.tmp, rename)', runs_mib_s: mibps(island), median_mib_s: round(SIZE_MIB / median(island), 1), cpu_s_median: round(median(islandCpu), 2), cpu_share_of_a_core: round(median(islandCpu) / median(island), 2) },
      baseline: { path: 'curl -s -o <file> <url>', runs_mib_s: mibps(curl), median_mib_s: round(SIZE_MIB / median(curl), 1), cpu_s_one_run: curlCpu === null ? null : round(curlCpu, 2) },
      baseline_verified: { path: 'curl -s <url> | tee <file> | sha256sum', runs_mib_s: mibps(curlSha), median_mib_s: round(SIZE_MIB / median(curlSha), 1) },
      ratio_median_throughput: round(median(curl) / median(island), 3),
      ratio_vs_verified: round(median(curlSha) / median(island), 3),
      dir: work,
      machine: { ...machine(), loadavg_1m: round(loadavg()[0]!, 2) },
    };
    console.log(JSON.stringify(result, null, 2));
    const outDir = path.join(import.meta.dirname, 'out');
    mkdirSync(outDir, { recursive: true });
    writeFileSync(path.join(outDir, `model-download-${Date.now()}.json`), JSON.stringify({ ...result, raw_seconds: { curl, curlSha, island } }, null, 2));
  } finally {
    server.stop();
    rmSync(work, { recursive: true, force: true });
  }
}

await main();
