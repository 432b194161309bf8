// The soaked Island as its own process. The entry (soak-island-entry.ts) is bundled the way
// scripts/build.mjs bundles the CLI (same externals and banner), into a folder under bench/out/
// so its external packages resolve from the checkout's node_modules; the runtime workers of
// `npm run build` (dist/*-worker.mjs) are copied beside it, where the runtimes look for them.
import { spawn, type ChildProcess } from 'node:child_process';
import { copyFileSync, createWriteStream, existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';
import { NODE_BUNDLE } from '../../scripts/esbuild-banner.mjs';
import type { IslandSample } from './soak-island-sampler';

const ROOT = path.join(import.meta.dirname, '..', '..');

/** Bundles the entry into `dir` (inside the checkout) with the built workers; returns the file. */
export async function bundleSoakIsland(dir: string): Promise<string> {
  const dist = path.join(ROOT, 'dist');
  const workers = existsSync(dist) ? readdirSync(dist).filter((f) => f.endsWith('-worker.mjs')) : [];
  if (!workers.includes('wasm-worker.mjs')) throw new Error(`${dist}/wasm-worker.mjs is missing: run \`npm run build\` first`);
  mkdirSync(dir, { recursive: true });
  const outfile = path.join(dir, 'soak-island.mjs');
  await build({ ...NODE_BUNDLE, entryPoints: [path.join(ROOT, 'bench/lib/soak-island-entry.ts')], outfile });
  for (const w of workers) copyFileSync(path.join(dist, w), path.join(dir, w));
  return outfile;
}

export interface SoakIsland {
  readonly pid: number;
  /** The Island's stdout and stderr so far. */
  output(): string;
  samples(): IslandSample[];
  /** SIGUSR2: the Island writes a sample now; resolves with it. */
  requestSample(timeoutMs?: number): Promise<IslandSample>;
  /** SIGTERM (the Island drains and exits); resolves with how it ended. */
  stop(timeoutMs?: number): Promise<{ exitCode: number | null; signal: string | null }>;
  readonly exited: boolean;
}

export interface StartSoakIslandOptions {
  bundle: string;
  config: string;
  home: string;
  samplesFile: string;
  /** The Island's stdout and stderr are also written here. */
  outputFile: string;
  sampleMs: number;
  /** Write a heap snapshot with each requested (quiet) sample into this folder. */
  heapSnapshotDir?: string | null;
}

export function startSoakIsland(o: StartSoakIslandOptions): SoakIsland {
  const child: ChildProcess = spawn(process.execPath, ['--expose-gc', '--expose-internals', o.bundle, '--config', o.config], {
    cwd: ROOT,
    env: { ...process.env, ISLAND_HOME: o.home, ISLAND_LOG: 'warn', SOAK_SAMPLES_FILE: o.samplesFile, SOAK_SAMPLE_MS: String(o.sampleMs), SOAK_HEAP_SNAPSHOT_DIR: o.heapSnapshotDir ?? '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  if (child.pid === undefined) throw new Error(`could not start ${o.bundle}`);
  const pid = child.pid;
  const log = createWriteStream(o.outputFile);
  let output = '';
  for (const stream of [child.stdout!, child.stderr!]) {
    stream.on('data', (d: Buffer) => {
      output += d.toString();
      log.write(d);
    });
  }
  let exit: { exitCode: number | null; signal: string | null } | null = null;
  const exited = new Promise<{ exitCode: number | null; signal: string | null }>((resolve) =>
    child.on('exit', (exitCode, signal) => {
      exit = { exitCode, signal };
      log.end();
      resolve(exit);
    }),
  );

  const samples = (): IslandSample[] => {
    if (!existsSync(o.samplesFile)) return [];
    return readFileSync(o.samplesFile, 'utf8')
      .split('\n')
      .filter((l) => l.trim() !== '')
      .map((l, i) => {
        try {
          return JSON.parse(l) as IslandSample;
        } catch (err) {
          throw new Error(`${o.samplesFile}:${i + 1}: not a JSON sample (${String(err)})`);
        }
      });
  };

  return {
    pid,
    output: () => output,
    samples,
    get exited() {
      return exit !== null;
    },
    requestSample: async (timeoutMs = 60_000) => {
      const before = samples().filter((s) => s.reason === 'requested').length;
      child.kill('SIGUSR2');
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const requested = samples().filter((s) => s.reason === 'requested');
        if (requested.length > before) return requested.at(-1)!;
        if (exit) throw new Error(`the Island exited (${JSON.stringify(exit)}) before writing the sample it was asked for`);
        if (Date.now() > deadline) throw new Error(`the Island wrote no sample within ${timeoutMs} ms of SIGUSR2 (${o.samplesFile})`);
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    stop: async (timeoutMs = 60_000) => {
      if (exit) return exit;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
      const result = await exited;
      clearTimeout(timer);
      return result;
    },
  };
}

export function removeBundle(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}
