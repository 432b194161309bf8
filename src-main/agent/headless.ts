// `island --agent`: the Island as the whole process (servers without a desktop, and the demo).
// SIGINT and SIGTERM both drain: stop taking jobs, let running ones finish within
// `[jobs] drain_timeout_seconds`, report the rest, close NATS. A second signal exits at once.
// The handlers go in before anything starts, so a signal during start-up is never lost.
import { parseNatsUrl } from '../../src-shared/protocol/nats-url';
import { bootstrap } from './bootstrap';
import { Island } from './island';
import type { Runtime } from './jobs/runtime';
import { RuntimeEventHub } from './runtimes/runtime-events';
import { createRuntimes, type RuntimeContext } from './runtimes/create-runtimes';

export interface RunAgentOptions {
  configPath?: string | undefined;
  /** Which runtimes to offer; the build's own by default (tests inject theirs). */
  runtimes?: (ctx: RuntimeContext) => Promise<Runtime[]>;
}

export async function runAgent(opts: RunAgentOptions): Promise<number> {
  const { loaded, paths, log } = bootstrap({ configPath: opts.configPath, logFile: true });
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
  const runtimeEvents = new RuntimeEventHub();
  const runtimes = await (opts.runtimes ?? createRuntimes)({
    config,
    paths,
    log: log.child('runtimes'),
    settings: loaded.runtime,
    events: runtimeEvents.emit,
  });
  const opened = await Island.open({ config, paths, log, runtimes, runtimeEvents });
  if (stopping) {
    log.info('stopped during start-up');
    opened.ledger.close();
    for (const r of runtimes) await r.close?.().catch(() => undefined);
    await log.close();
    return stopCode;
  }
  island = opened;
  island.start();
  const code = await done;
  await log.close();
  return code;
}
