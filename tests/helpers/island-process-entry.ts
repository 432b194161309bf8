// `island --agent` as a real process for signal and crash tests: the same entry (runAgent, with
// its signal handling) but offering the scriptable FakeRuntime. Usage: --config <file>.
import { runAgent } from '../../src-main/agent/headless';
import { FakeRuntime } from './fake-runtime';

const i = process.argv.indexOf('--config');
const configPath = i >= 0 ? process.argv[i + 1] : undefined;
runAgent({ configPath, runtimes: async () => [new FakeRuntime('wasm')] }).then((code) => {
  process.exitCode = code;
});
