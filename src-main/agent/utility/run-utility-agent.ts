// The Island inside Electron's utility process: the same start-up as `island --agent`
// (headless.ts), but main owns the lifecycle. There are no signal handlers here: main asks for a
// drain over the port, and a crash is main's to restart (with backoff). A start-up failure is
// reported to main as `fatal` with its message, so the tray can say what is wrong.
import { ConfigError, errorMessage } from '../../../src-shared/errors';
import { LogRing } from '../api/log-ring';
import { bootstrap, type Bootstrapped } from '../bootstrap';
import type { Island } from '../island';
import type { Runtime } from '../jobs/runtime';
import { PushedIdleSource } from '../availability/idle-source';
import { openAgent, type OpenedAgent } from '../open-agent';
import type { RuntimeEventHub } from '../runtimes/runtime-events';
import type { RuntimeContext } from '../runtimes/create-runtimes';
import { AGENT_VERSION } from '../version';
import type { AgentToMain } from './port-messages';
import { UtilityHost, type AgentApi, type ParentPortLike } from './utility-host';

export interface UtilityAgentContext extends Bootstrapped {
  island: Island;
  runtimeEvents: RuntimeEventHub;
  /** The dashboard's live log, fed from the first log line on. */
  logs: LogRing;
  storage: OpenedAgent['storage'];
}

export interface RunUtilityAgentOptions {
  port: ParentPortLike;
  /** Builds the API service over the opened Island (src-main/agent/api). */
  createApi: (ctx: UtilityAgentContext) => AgentApi;
  configPath?: string | undefined;
  runtimes?: (ctx: RuntimeContext) => Promise<Runtime[]>;
  exit?: (code: number) => void;
}

export async function runUtilityAgent(opts: RunUtilityAgentOptions): Promise<void> {
  const exit = opts.exit ?? ((code: number) => process.exit(code));
  const fatal = (message: string) => {
    const msg: AgentToMain = { type: 'fatal', message };
    opts.port.postMessage(msg);
  };
  const logs = new LogRing();
  let boot: Bootstrapped;
  try {
    boot = bootstrap({ configPath: opts.configPath, logFile: true, onRecord: logs.push });
  } catch (err) {
    const lines = err instanceof ConfigError ? [err.message, ...err.warnings.map((w) => `warning: ${w.text}`)] : [errorMessage(err)];
    fatal(lines.join('\n'));
    exit(1);
    return;
  }
  const { loaded, log } = boot;
  process.on('unhandledRejection', (reason) => {
    log.error('unhandled error in a background task', { error: reason instanceof Error ? reason.stack : String(reason) });
  });
  try {
    const idle = new PushedIdleSource();
    const agent = await openAgent(boot, { runtimes: opts.runtimes, availability: { idle } });
    const { island, runtimeEvents } = agent;
    const api = opts.createApi({ ...boot, island, runtimeEvents, logs, storage: agent.storage });
    const host = new UtilityHost({
      port: opts.port,
      api,
      log: log.child('utility'),
      stop: async () => {
        log.info(`the desktop app is quitting: no new jobs; running jobs get ${loaded.config.jobs.drain_timeout_seconds} s to finish`);
        const report = await island.stop();
        await log.close();
        return report;
      },
      exit,
      idle: (seconds) => idle.push(seconds),
    });
    island.start();
    host.start({ version: AGENT_VERSION, hostId: island.hostId, drainTimeoutMs: loaded.config.jobs.drain_timeout_seconds * 1000 });
  } catch (err) {
    log.error('the Island could not start', { error: errorMessage(err) });
    fatal(`the Island could not start: ${errorMessage(err)}`);
    await log.close();
    exit(1);
  }
}
