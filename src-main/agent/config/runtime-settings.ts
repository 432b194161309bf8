// The settings that come from the environment (island-protocol.md §5.3, plus ISLAND_LOG), resolved
// once at startup so that nothing else in the agent reads process.env.
import { parseLogFilter } from '../../../src-shared/log-filter';
import type { LogFilter } from '../../../src-shared/log-filter';
import type { IslandConfig } from '../../../src-shared/config/schema';

export type Env = Readonly<Record<string, string | undefined>>;

export interface RuntimeSettings {
  logFilter: LogFilter;
  /** The filter text in force and where it came from. */
  logFilterSpec: string;
  logFilterSource: 'ISLAND_LOG' | 'RUST_LOG' | 'default';
  logJson: boolean;
  /** For the Docker client: env DOCKER_HOST, else `[docker] socket`, else the platform default. */
  dockerHost: string | undefined;
  /** `[model_cache] hf_token`, else env HF_TOKEN. Send it to Hugging Face only. */
  hfToken: string | undefined;
  hfTokenSource: 'config' | 'env' | undefined;
  /** Problems with the environment (an unknown log level, ...), for the log once it exists. */
  warnings: string[];
}

export const DEFAULT_LOG_FILTER = 'info';

function nonEmpty(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed ? trimmed : undefined;
}

/** ARCHIPELAG_LOG_JSON: any non-empty value except "0" and "false" turns JSON logs on. */
export function envFlag(value: string | undefined): boolean {
  const v = nonEmpty(value)?.toLowerCase();
  return v !== undefined && v !== '0' && v !== 'false';
}

/** The Rust Island reserved `[docker] socket` but ignored it; a bare path here means a local socket. */
function socketToDockerHost(socket: string | undefined): string | undefined {
  const s = nonEmpty(socket);
  if (!s) return undefined;
  if (/^[a-z]+:\/\//i.test(s)) return s;
  if (/^(\\\\\.\\pipe\\|\/\/\.\/pipe\/)/i.test(s)) return `npipe://${s.replace(/\\/g, '/')}`;
  return `unix://${s}`;
}

export function resolveRuntimeSettings(config: IslandConfig, env: Env): RuntimeSettings {
  const islandLog = nonEmpty(env.ISLAND_LOG);
  const rustLog = nonEmpty(env.RUST_LOG);
  const logFilterSpec = islandLog ?? rustLog ?? DEFAULT_LOG_FILTER;
  const logFilterSource = islandLog ? 'ISLAND_LOG' : rustLog ? 'RUST_LOG' : 'default';
  const parsed = parseLogFilter(logFilterSpec);
  const configToken = nonEmpty(config.model_cache.hf_token);
  const envToken = nonEmpty(env.HF_TOKEN);
  return {
    logFilter: parsed.filter,
    logFilterSpec,
    logFilterSource,
    logJson: envFlag(env.ARCHIPELAG_LOG_JSON),
    dockerHost: nonEmpty(env.DOCKER_HOST) ?? socketToDockerHost(config.docker.socket),
    hfToken: configToken ?? envToken,
    hfTokenSource: configToken ? 'config' : envToken ? 'env' : undefined,
    warnings: parsed.warnings.map((w) => `${logFilterSource}: ${w}`),
  };
}
