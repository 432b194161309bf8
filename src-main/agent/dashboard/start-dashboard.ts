// Starts the dashboard for a running Island: the API service over the Island, and the headless
// server in front of it. headless.ts calls this; tests and e2e harnesses call it too, and get the
// URL and token back instead of reading them from stdout.
import type { IslandConfig } from '../../../src-shared/config/schema';
import { knownCargos } from '../../../src-shared/domain/catalog/index';
import { IslandApiService, type IslandApiServiceOptions } from '../api/api-service';
import type { CacheSource } from '../api/cache-source';
import type { IslandPort } from '../api/island-port';
import type { LogRing } from '../api/log-ring';
import type { Logger } from '../log/logger';
import type { IslandPaths } from '../paths';
import { startDashboardServer } from './dashboard-server';
import { findRendererDir, rendererDirCandidates } from './renderer-dir';

export interface StartDashboardOptions {
  island: IslandPort;
  config: IslandConfig;
  /** The config.toml the dashboard edits. */
  configPath: string;
  paths: IslandPaths;
  log: Logger;
  /** The live log, fed by the root logger's onRecord hook. */
  logs: LogRing;
  /** Overrides `[dashboard] port` (0 = a free port). */
  port?: number;
  /** Overrides where the web build is looked for. */
  rendererDir?: string;
  models?: CacheSource;
  images?: CacheSource;
  /** Extra service options (tests: fetch, timeouts, sampling interval). */
  service?: Partial<Omit<IslandApiServiceOptions, 'island' | 'config' | 'configPath' | 'log' | 'logs'>>;
}

export interface RunningDashboard {
  url: string;
  token: string;
  /** The URL to open, token included. */
  urlWithToken: string;
  port: number;
  service: IslandApiService;
  close(): Promise<void>;
}

/** The line printed on stdout at start, on a line of its own: `Dashboard: http://127.0.0.1:7780/?token=…`. */
export function dashboardLine(d: Pick<RunningDashboard, 'urlWithToken'>): string {
  return `Dashboard: ${d.urlWithToken}`;
}

export async function startDashboard(o: StartDashboardOptions): Promise<RunningDashboard> {
  const log = o.log.child('dashboard');
  const looked = o.rendererDir !== undefined ? [o.rendererDir] : rendererDirCandidates();
  const rendererDir = findRendererDir(looked);
  if (!rendererDir) log.warn('the dashboard web build is missing; the page will say so (run `npm run build`)', { looked_in: looked.join(', ') });
  const service = new IslandApiService({
    island: o.island,
    config: o.config,
    configPath: o.configPath,
    log,
    logs: o.logs,
    diskPath: o.paths.home,
    catalog: () => knownCargos().map((c) => ({ slug: c.slug, name: c.name, runtime: c.runtimeType })),
    ...(o.models ? { models: o.models } : {}),
    ...(o.images ? { images: o.images } : {}),
    ...(o.island.gpu.inventory ? { gpuInventory: () => o.island.gpu.inventory?.() ?? Promise.resolve(null) } : {}),
    ...o.service,
  });
  try {
    const server = await startDashboardServer({ port: o.port ?? o.config.dashboard.port, api: service, rendererDir, rendererLooked: looked, log });
    // The token stays out of the log file: only stdout (the owner's terminal) shows it.
    log.info(`dashboard listening on ${server.url} (open the URL with its token, printed on stdout)`);
    return {
      url: server.url,
      token: server.token,
      urlWithToken: server.urlWithToken,
      port: server.port,
      service,
      close: async () => {
        await server.close();
        service.close();
      },
    };
  } catch (err) {
    service.close();
    throw err;
  }
}
