// The soaked Island: `island --agent` itself (runAgent: the build's real runtimes from
// createRuntimes, signal handling, drain, the dashboard) plus the in-process sampler. bench/soak.ts
// bundles it with esbuild like scripts/build.mjs bundles the CLI, and runs it with --expose-gc and
// --expose-internals (to count unref'd timers; nothing else reads internals).
// Env: SOAK_SAMPLES_FILE (required: the JSON lines go there), SOAK_SAMPLE_MS (default 5000),
// SOAK_HEAP_SNAPSHOT_DIR (optional: a heap snapshot with each quiet sample).
// Usage: --config <file>.
import './soak-listener-watch';
import { runAgent } from '../../src-main/agent/headless';
import { startIslandSampler } from './soak-island-sampler';

const file = process.env.SOAK_SAMPLES_FILE;
const intervalMs = Number(process.env.SOAK_SAMPLE_MS ?? 5_000);
if (!file) throw new Error('SOAK_SAMPLES_FILE is not set: the soak entry needs a file for its samples');
if (!Number.isFinite(intervalMs) || intervalMs < 100) throw new Error(`SOAK_SAMPLE_MS: expected at least 100 (ms), got ${JSON.stringify(process.env.SOAK_SAMPLE_MS)}`);

const i = process.argv.indexOf('--config');
const sampler = startIslandSampler(file, intervalMs, process.env.SOAK_HEAP_SNAPSHOT_DIR || null);
const code = await runAgent({ configPath: i >= 0 ? process.argv[i + 1] : undefined, dashboard: { port: 0 } });
await sampler.stop();
process.exitCode = code;
