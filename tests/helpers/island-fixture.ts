// Starts a real Island (in this process) against a real nats-server, in a throwaway home.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../src-main/agent/config/load-config';
import { Island, type IslandOptions, type IslandTimings } from '../../src-main/agent/island';
import type { Runtime } from '../../src-main/agent/jobs/runtime';
import { GpuProbe, type RunTool } from '../../src-main/agent/metrics/gpu-probe';
import { islandPaths, type IslandPaths } from '../../src-main/agent/paths';
import { createTestLogger, type TestLogger } from './test-logger';

export interface IslandFixture {
  island: Island;
  home: string;
  paths: IslandPaths;
  log: TestLogger;
  hostId: string;
  cleanup(): Promise<void>;
}

export interface IslandFixtureOptions {
  natsUrl: string;
  /** Extra TOML appended after [coordinator]. */
  toml?: string;
  runtimes?: Runtime[];
  timings?: Partial<IslandTimings>;
  /** Fake nvidia-smi: return recorded output for a query, or throw ENOENT when absent. */
  nvidiaSmi?: RunTool;
  home?: string;
  start?: boolean;
  runtimeEvents?: IslandOptions['runtimeEvents'];
}

export async function startIsland(opts: IslandFixtureOptions): Promise<IslandFixture> {
  const home = opts.home ?? mkdtempSync(path.join(tmpdir(), 'island-test-'));
  const paths = islandPaths(home);
  writeFileSync(paths.config, `[coordinator]\nnats_url = "${opts.natsUrl}"\n${opts.toml ?? ''}\n`);
  const { config } = loadConfig({ path: paths.config, explicit: true, env: {} });
  const log = createTestLogger();
  const gpu = new GpuProbe({ run: opts.nvidiaSmi ?? noNvidiaSmi });
  const island = await Island.open({
    config,
    paths,
    log,
    runtimes: opts.runtimes ?? [],
    gpu,
    ...(opts.timings ? { timings: opts.timings } : {}),
    ...(opts.runtimeEvents ? { runtimeEvents: opts.runtimeEvents } : {}),
  });
  if (opts.start !== false) island.start();
  return {
    island,
    home,
    paths,
    log,
    hostId: island.hostId,
    cleanup: async () => {
      await island.stop(1_000).catch(() => undefined);
      if (!opts.home) rmSync(home, { recursive: true, force: true });
    },
  };
}

export const noNvidiaSmi: RunTool = async () => {
  const err = new Error('spawn nvidia-smi ENOENT') as NodeJS.ErrnoException;
  err.code = 'ENOENT';
  throw err;
};
