// Where the Island keeps its files. Everything lives under one home (`$ISLAND_HOME`, default
// `~/.island`, as the Rust Island) so that tests, a second Island on the same machine or a portable
// install only need to point one variable elsewhere.
import path from 'node:path';

export interface IslandPaths {
  home: string;
  config: string;
  state: string;
  logsDir: string;
  /** Base name of the log: the rotating sink writes `island.<n>.log` next to it. */
  logFile: string;
  wasmCache: string;
  modelCache: string;
  ledger: string;
}

export function islandPaths(home: string): IslandPaths {
  const logsDir = path.join(home, 'logs');
  return {
    home,
    config: path.join(home, 'config.toml'),
    state: path.join(home, 'state.json'),
    logsDir,
    logFile: path.join(logsDir, 'island.log'),
    wasmCache: path.join(home, 'wasm-cache'),
    modelCache: path.join(home, 'model-cache'),
    ledger: path.join(home, 'ledger.sqlite'),
  };
}

/** `$ISLAND_HOME` (made absolute, `~` expanded) or `<homedir>/.island`. */
export function resolveIslandHome(env: Readonly<Record<string, string | undefined>>, homedir: string): string {
  const fromEnv = env.ISLAND_HOME?.trim();
  if (fromEnv) return path.resolve(expandHome(fromEnv, homedir));
  return path.join(homedir, '.island');
}

/** Where Rust Island ≤0.3 kept its state (§1.1); read once to migrate the host id. */
export function legacyIslandHome(homedir: string): string {
  return path.join(homedir, '.archipelag');
}

/** Expands a leading `~` (as owners write paths in config.toml); other paths are returned as given. */
export function expandHome(p: string, homedir: string): string {
  if (p === '~') return homedir;
  if (p.startsWith('~/') || p.startsWith('~\\')) return path.join(homedir, p.slice(2));
  return p;
}

/** The model cache directory in force: `[model_cache] cache_dir` or `<home>/model-cache`. */
export function resolveModelCacheDir(cacheDir: string | undefined, paths: IslandPaths, homedir: string): string {
  return cacheDir ? path.resolve(paths.home, expandHome(cacheDir, homedir)) : paths.modelCache;
}
