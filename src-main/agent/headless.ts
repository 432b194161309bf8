// `island --agent`: the Island as the whole process (servers without a desktop, and the demo).
// SIGINT and SIGTERM both drain: stop taking jobs, let running ones finish within
// `[jobs] drain_timeout_seconds`, report the rest, close NATS. A second signal exits at once.
// The handlers go in before anything starts, so a signal during start-up is never lost.
// Once the Island runs, the local dashboard starts (unless disabled) and its URL with the token is
// printed on stdout on a line of its own.
import { errorMessage } from '../../src-shared/errors';
import { parseNatsUrl } from '../../src-shared/protocol/nats-url';
import { LogRing } from './api/log-ring';
import { bootstrap } from './bootstrap';
import { dashboardLine, startDashboard, type RunningDashboard } from './dashboard/start-dashboard';
import { updatePlatform } from './update/update-platform';
import { UpdateWatch } from './update/update-watch';
import { AGENT_VERSION } from './version';
import type { Island } from './island';
import type { Runtime } from './jobs/runtime';
import type { Logger } from './log/logger';
import { openAgent } from './open-agent';
import type { RuntimeContext } from './runtimes/create-runtimes';

export interface RunAgentOptions {
  configPath?: string | undefined;
  /** Which runtimes to offer; the build's own by default (tests inject theirs). */
  runtimes?: (ctx: RuntimeContext) => Promise<Runtime[]>;
  /** `--no-dashboard` / `--dashboard-port`: override `[dashboard] enabled` and `port`. */
  dashboard?: { enabled?: boolean | undefined; port?: number | undefined };
}

export async function runAgent(opts: RunAgentOptions): Promise<number> {
  // Made before the logger so the dashboard's live log has every line from the first one on.
  const logs = new LogRing();
  const { loaded, paths, log } = bootstrap({ configPath: opts.configPath, logFile: true, onRecord: logs.push });
  const config = loaded.config;
  let island: Island | null = null;
  let stopping = false;
  let stopCode = 0;
  let finish: (code: number) => void = () => {};
  const done = new Promise<number>((resolve) => (finish = resolve));

  const stop = (why: string, exitCode: number) => {
    if (stopping) {
      log.warn(`${why} again: exiting now without waiting for jobs`);
      process.exit(130);
    }
    stopping = true;
    stopCode = exitCode;
    if (!island) return; // start-up sees `stopping` and ends before taking any job
    log.info(`${why}: stopping — no new jobs; running jobs get ${config.jobs.drain_timeout_seconds} s to finish (send it again to exit at once)`);
    island.stop().then(
      () => finish(exitCode),
      (err: unknown) => {
        log.error('shutdown failed', { error: String(err) });
        finish(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT received', 0));
  process.on('SIGTERM', () => stop('SIGTERM received', 0));
  process.on('unhandledRejection', (reason) => {
    // A background task failed; the Island keeps running, but never silently.
    log.error('unhandled error in a background task', { error: reason instanceof Error ? reason.stack : String(reason) });
  });
  process.on('uncaughtException', (err) => {
    log.error('fatal error; stopping', { error: err.stack ?? String(err) });
    stop('fatal error', 1);
  });

  log.info('config loaded', { path: loaded.path, home: paths.home, coordinator: parseNatsUrl(config.coordinator.nats_url).url });
  const agent = await openAgent({ loaded, paths, log }, { runtimes: opts.runtimes });
  const opened = agent.island;
  if (stopping) {
    log.info('stopped during start-up');
    opened.ledger.close();
    for (const r of agent.runtimes) await r.close?.().catch(() => undefined);
    await agent.models.close();
    await log.close();
    return stopCode;
  }
  island = opened;
  island.start();
  // A headless Island only tells the owner about a new version; whoever installed it updates it.
  const updates = new UpdateWatch({
    apiUrl: config.coordinator.api_url,
    query: { version: AGENT_VERSION, platform: updatePlatform(process.platform, process.arch), hostId: opened.hostId },
    log: log.child('update'),
  });
  updates.start();
  opened.alerts.setSources({
    update: () => (updates.state.type === 'available' ? { version: updates.state.info.latest_version ?? 'a new version', critical: updates.state.info.is_critical } : null),
  });
  let dashboard: RunningDashboard | null = null;
  if ((opts.dashboard?.enabled ?? config.dashboard.enabled) && !stopping) {
    const port = opts.dashboard?.port ?? config.dashboard.port;
    dashboard = await openDashboard(() => startDashboard({ island: opened, config, configPath: loaded.path, paths, log, logs, port, ...agent.storage }), port, log);
  }
  const code = await done;
  updates.stop();
  await dashboard?.close();
  await log.close();
  return code;
}

/** The dashboard is a convenience: when it cannot start, the Island runs on without it and says why. */
async function openDashboard(start: () => Promise<RunningDashboard>, port: number, log: Logger): Promise<RunningDashboard | null> {
  try {
    const dashboard = await start();
    process.stdout.write(`${dashboardLine(dashboard)}\n`);
    return dashboard;
  } catch (err) {
    const inUse = (err as NodeJS.ErrnoException).code === 'EADDRINUSE';
    log.error(
      inUse
        ? `the dashboard could not start: port ${port} on 127.0.0.1 is in use (another Island?); set [dashboard] port = 0 for a free one, or pass --dashboard-port`
        : 'the dashboard could not start; the Island runs without it',
      { error: errorMessage(err) },
    );
    return null;
  }
}
