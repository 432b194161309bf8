// What every way of running the agent does first: find the Island's home, load and validate the
// config (a bad one stops here with file, line and key), and set up logging.
import { mkdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { loadConfig, type LoadedConfig } from './config/load-config';
import { createLogger, DEFAULT_LOG_FILE_KEEP, DEFAULT_LOG_FILE_MAX_BYTES, type RootLogger } from './log/logger';
import type { LogRecord } from './log/types';
import { islandPaths, resolveIslandHome, type IslandPaths } from './paths';

export interface Bootstrapped {
  loaded: LoadedConfig;
  paths: IslandPaths;
  log: RootLogger;
}

export interface BootstrapOptions {
  configPath?: string | undefined;
  env?: NodeJS.ProcessEnv;
  /** Write the log file under `<home>/logs` (off for one-shot commands). */
  logFile?: boolean;
  stream?: NodeJS.WritableStream;
  onRecord?: (r: LogRecord) => void;
}

export function bootstrap(opts: BootstrapOptions = {}): Bootstrapped {
  const env = opts.env ?? process.env;
  const paths = islandPaths(resolveIslandHome(env, homedir()));
  mkdirSync(paths.home, { recursive: true, mode: 0o700 });
  const loaded = loadConfig({ path: opts.configPath ?? paths.config, explicit: opts.configPath !== undefined, env });
  const log = createLogger({
    filter: loaded.runtime.logFilter,
    json: loaded.runtime.logJson,
    ...(opts.stream ? { stream: opts.stream } : {}),
    ...(opts.logFile ? { file: { path: paths.logFile, maxBytes: DEFAULT_LOG_FILE_MAX_BYTES, keep: DEFAULT_LOG_FILE_KEEP } } : {}),
    ...(opts.onRecord ? { onRecord: opts.onRecord } : {}),
  });
  if (loaded.created) log.info(`created a config file with every setting at its default: ${loaded.path}`);
  for (const w of loaded.warnings) log.warn(w.text);
  for (const w of loaded.runtime.warnings) log.warn(w);
  return { loaded, paths, log };
}
