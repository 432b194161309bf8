// Loads config.toml at startup. Synchronous on purpose: nothing else can start before the config
// is known, and a synchronous load keeps the error path (print, exit) simple.
//
// Differences from the Rust Island, on purpose: a missing default file is created from the
// template (instead of silently running on built-in defaults), a file the user named with
// --config must exist, and unknown keys are reported instead of ignored silently.
import fs from 'node:fs';
import path from 'node:path';
import writeFileAtomic from 'write-file-atomic';
import { ConfigError } from '../../../src-shared/errors';
import { natsUrlSchema, type IslandConfig } from '../../../src-shared/config/schema';
import { defaultConfigToml } from './default-config';
import { parseConfigText } from './parse-config-text';
import type { ConfigWarning } from './parse-config-text';
import { resolveRuntimeSettings } from './runtime-settings';
import type { Env, RuntimeSettings } from './runtime-settings';

export type { ConfigWarning, Env, RuntimeSettings };
export { resolveRuntimeSettings };

export interface LoadConfigOptions {
  path: string;
  /** True when the user named the file (--config): then it must exist. */
  explicit: boolean;
  env: Env;
}

export interface LoadedConfig {
  config: IslandConfig;
  warnings: ConfigWarning[];
  /** Absolute path of the file read. */
  path: string;
  /** True when the file did not exist and the default template was written. */
  created: boolean;
  /** Log filter, JSON logs, Docker host and HF token, from the environment and the config. */
  runtime: RuntimeSettings;
}

export const CONFIG_FILE_MODE = 0o600;

function errorCode(e: unknown): string | undefined {
  return typeof e === 'object' && e !== null && 'code' in e ? String((e as { code: unknown }).code) : undefined;
}

/** Writes the default template, creating directories; never overwrites a file that appeared meanwhile. */
function writeTemplate(file: string): boolean {
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  if (fs.existsSync(file)) return false;
  writeFileAtomic.sync(file, defaultConfigToml(), { mode: CONFIG_FILE_MODE });
  return true;
}

export function loadConfig(options: LoadConfigOptions): LoadedConfig {
  const file = path.resolve(options.path);
  let bytes: Uint8Array;
  let created = false;
  try {
    bytes = fs.readFileSync(file);
  } catch (cause) {
    if (errorCode(cause) !== 'ENOENT') {
      throw ConfigError.forFile(file, `cannot read config file ${file}: ${(cause as Error).message}`, { cause });
    }
    if (options.explicit) throw ConfigError.forFile(file, `config file not found: ${file}`, { cause });
    try {
      created = writeTemplate(file);
      bytes = fs.readFileSync(file);
    } catch (writeCause) {
      throw ConfigError.forFile(file, `cannot create the default config file ${file}: ${(writeCause as Error).message}`, { cause: writeCause });
    }
  }
  const { config, warnings } = parseConfigText(bytes, file);
  applyNatsUrlOverride(config, options.env, file);
  return { config, warnings, path: file, created, runtime: resolveRuntimeSettings(config, options.env) };
}

/**
 * ISLAND_NATS_URL replaces `[coordinator] nats_url`: the desktop app keeps a URL with credentials
 * in the OS keychain (safeStorage) and hands it to the agent this way, never in config.toml.
 */
function applyNatsUrlOverride(config: IslandConfig, env: Env, file: string): void {
  const url = env.ISLAND_NATS_URL?.trim();
  if (!url) return;
  // The schema's rule, but not its message: that quotes the value, which holds the password.
  if (!natsUrlSchema.safeParse(url).success) {
    throw ConfigError.forFile(file, 'ISLAND_NATS_URL: expected a nats:// or tls:// URL such as "nats://user:pass@host:4222"');
  }
  config.coordinator.nats_url = url;
}
