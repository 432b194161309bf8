// `island`: the headless agent and its tools. Without --agent (or a test flag) it prints help,
// like the Rust Island (§5.1).
import { Command, InvalidArgumentError } from 'commander';
import { ConfigError, errorMessage } from '../src-shared/errors';
import { runAgent } from './agent/headless';
import { checkConfig, printDefaultConfig } from './agent/config-commands';
import { runSelfCheck } from './agent/self-check';
import { AGENT_VERSION } from './agent/version';

const program = new Command()
  .name('island')
  .description('Island: run Archipelag.io Cargos on this machine and earn credits')
  .version(AGENT_VERSION, '-V, --version')
  .option('--agent', 'run the Island (headless agent)')
  .option('-c, --config <path>', 'config file (default: $ISLAND_HOME/config.toml, created on first run)')
  .option('--test-job <prompt>', 'self-check: run one container job with [workload] llm_chat_image, without a coordinator')
  .option('--test-job-file <path>', 'self-check: run one job assignment (JSON, as the coordinator sends it) without a coordinator')
  .option('--no-dashboard', 'with --agent: do not start the local dashboard ([dashboard] enabled)')
  .option('--dashboard-port <port>', 'with --agent: the dashboard\'s port on 127.0.0.1, 0 for a free one ([dashboard] port)', parsePort)
  .option('--check-config', 'validate the config file and print what it resolves to')
  .option('--print-default-config', 'print a config.toml with every key at its default')
  .showHelpAfterError();

function parsePort(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || n > 65535) throw new InvalidArgumentError(`expected a port number from 0 to 65535, got "${value}"`);
  return n;
}

program.parse();
const opts = program.opts<{
  agent?: boolean;
  config?: string;
  testJob?: string;
  testJobFile?: string;
  checkConfig?: boolean;
  printDefaultConfig?: boolean;
  dashboard: boolean;
  dashboardPort?: number;
}>();

async function main(): Promise<number> {
  if (opts.printDefaultConfig) return printDefaultConfig();
  if (opts.checkConfig) return checkConfig(opts.config);
  if (opts.testJob !== undefined || opts.testJobFile !== undefined) {
    return runSelfCheck({ configPath: opts.config, prompt: opts.testJob, jobFile: opts.testJobFile });
  }
  if (opts.agent) {
    // --no-dashboard turns it off; without the flag the config decides.
    const dashboard = { ...(opts.dashboard ? {} : { enabled: false }), ...(opts.dashboardPort !== undefined ? { port: opts.dashboardPort } : {}) };
    return runAgent({ configPath: opts.config, dashboard });
  }
  program.outputHelp();
  return 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    console.error(errorMessage(err));
    // An unknown key often explains a missing or wrong one, so show warnings with the errors.
    if (err instanceof ConfigError) for (const w of err.warnings) console.error(`warning: ${w.text}`);
    process.exitCode = 1;
  },
);
