// One shape for "a real Island serving its dashboard", however it was started: as a process
// (island-process.ts) or in this process through the same startDashboard() the headless entry
// calls (here), which is how a test hands the Island a scripted runtime.
import { readFileSync } from 'node:fs';
import type { Runtime } from '../../../src-main/agent/jobs/runtime';
import type { RunTool } from '../../../src-main/agent/metrics/gpu-probe';
import { startIslandWithDashboard } from '../../helpers/dashboard-client';
import { RENDERER_DIR } from './build';

export interface DashboardIsland {
  hostId: string;
  /** `http://127.0.0.1:<port>/` */
  url: string;
  token: string;
  /** The URL the owner opens, token included. */
  urlWithToken: string;
  configPath: string;
  configText(): string;
  /** What the Island wrote so far (processes), for failure messages. */
  output(): string;
  stop(): Promise<unknown>;
}

export interface InProcessIslandOptions {
  natsUrl: string;
  apiUrl: string;
  runtimes: Runtime[];
  nvidiaSmi?: RunTool;
  /** More TOML after `[coordinator]` (start it with a table header). */
  toml?: string;
}

export async function startInProcessIsland(o: InProcessIslandOptions): Promise<DashboardIsland> {
  const fx = await startIslandWithDashboard({
    natsUrl: o.natsUrl,
    toml: `api_url = "${o.apiUrl}"\n${o.toml ?? ''}`,
    runtimes: o.runtimes,
    rendererDir: RENDERER_DIR,
    ...(o.nvidiaSmi ? { nvidiaSmi: o.nvidiaSmi } : {}),
  });
  return {
    hostId: fx.hostId,
    url: fx.dashboard.url,
    token: fx.dashboard.token,
    urlWithToken: fx.dashboard.urlWithToken,
    configPath: fx.paths.config,
    configText: () => readFileSync(fx.paths.config, 'utf8'),
    output: () => fx.logs.query({ limit: 200, minLevel: 'info' }).map((e) => `${e.level} ${e.message}`).join('\n'),
    stop: () => fx.cleanup(),
  };
}
