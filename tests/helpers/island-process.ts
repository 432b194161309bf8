// An Island as a real process, for tests that signal, kill or starve it: the bundled
// `bin/island.mjs --agent` (every layer as shipped), or any other entry given as `args`.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const ROOT = path.join(import.meta.dirname, '..', '..');
export const ISLAND_BIN = path.join(ROOT, 'bin', 'island.mjs');

export interface IslandExit {
  code: number | null;
  signal: NodeJS.Signals | null;
  at: number;
}

export interface IslandProcess {
  child: ChildProcess;
  pid: number;
  home: string;
  /** stdout and stderr so far, interleaved as they arrived. */
  output(): string;
  exited: Promise<IslandExit>;
}

export interface SpawnIslandOptions {
  /** config.toml's text; written to `<home>/config.toml` unless omitted (a restart keeps the file). */
  toml?: string;
  /** Default: the bundled Island, `--agent --config <home>/config.toml`. */
  args?: string[];
  env?: Record<string, string>;
}

/** The suites test what `npm install` builds; build it if a developer has not. */
export function ensureBundle(): void {
  if (!existsSync(path.join(ROOT, 'dist', 'cli.mjs'))) spawnSync(process.execPath, [path.join(ROOT, 'scripts', 'build.mjs')], { cwd: ROOT });
}

export function spawnIsland(home: string, opts: SpawnIslandOptions = {}): IslandProcess {
  const config = path.join(home, 'config.toml');
  if (opts.toml !== undefined) writeFileSync(config, opts.toml);
  const child = spawn(process.execPath, opts.args ?? [ISLAND_BIN, '--agent', '--config', config], {
    env: { ...process.env, ISLAND_HOME: home, ISLAND_LOG: 'info', ...opts.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const exited = new Promise<IslandExit>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal, at: Date.now() })));
  return { child, pid: child.pid!, home, output: () => out, exited };
}

/** The host id from the start-up line; throws with the output so far when it is not there yet. */
export function hostIdOf(p: IslandProcess): string {
  const m = /Island starting host_id=([0-9a-f-]{36})/.exec(p.output());
  if (!m) throw new Error(`no host id in the output yet:\n${p.output()}`);
  return m[1]!;
}
