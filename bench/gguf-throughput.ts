// Generation speed of an llmcpp Cargo through the whole Island against node-llama-cpp generating
// directly in one process, on the same generated model with the same settings (threads, one
// sequence, context size, max_tokens, greedy sampling, no repeat penalty).
//
//   (a) Island: the reference coordinator publishes the assignment (JetStream, real nats-server)
//       → the Island's GGUF runtime → its inference process (bundled worker, as shipped) → tokens
//       and the final `done` chunk on `host.<id>.output`, timed by a subscriber in this process.
//       tok/s = completion_tokens / (assignment → final chunk).
//   (b) Baseline: LlamaCompletion.generateCompletion on a loaded model in this process.
//       tok/s = completion tokens / (call → return).
// Warm runs alternate (a) and (b). First token cold: (a) the first job, which starts the
// inference process and loads the model; (b) a fresh Node process that imports node-llama-cpp,
// loads the model and generates (spawn → first chunk).
//
// Run: npx tsx bench/gguf-throughput.ts [runs=5] [max_tokens=128]. Prints a JSON summary.
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { connect } from '@nats-io/transport-node';
import { GgufRuntime } from '../src-main/agent/runtimes/gguf/index';
import { openDirect, type DirectModel } from '../tests/fixtures/gguf/direct-llama';
import { writeTinyLlamaGguf } from '../tests/fixtures/gguf/tiny-gguf';
import { bundleGgufWorker } from '../tests/fixtures/gguf/worker-bundle';
import { startReferenceCoordinator } from '../tests/harness/coordinator/index';
import { startNatsServer } from '../tests/harness/nats-server';
import { FileModelStore } from '../tests/helpers/file-model-store';
import { startIsland } from '../tests/helpers/island-fixture';
import { createTestLogger } from '../tests/helpers/test-logger';
import { machine, round, summary } from './lib/stats';

const RUNS = Number(process.argv[2] ?? 5);
const MAX_TOKENS = Number(process.argv[3] ?? 128);
const THREADS = 1;
const CTX = 1024;
const MODEL = { embd: 512, layers: 8, heads: 8, ff: 1408, ctx: 2048, seed: 7 };
const MODEL_URL = 'hf://bench/random-llama:model.gguf';
const CANDIDATE_PROMPTS = ['hello world, the tiny llama', 'the model is', 'you are a', 'hi', 'and the world'];

interface Sample {
  tokens: number;
  firstMs: number;
  totalMs: number;
}

const tokS = (s: Sample) => (s.tokens / s.totalMs) * 1000;

/** A prompt that the random model answers for all of max_tokens (greedy may hit EOS early). */
async function pickPrompt(direct: DirectModel): Promise<string> {
  for (const prompt of CANDIDATE_PROMPTS) {
    const r = await direct.generate(prompt, { maxTokens: MAX_TOKENS });
    if (r.stopReason === 'maxTokens') return prompt;
  }
  throw new Error(`no candidate prompt runs to ${MAX_TOKENS} tokens on this model`);
}

/** node-llama-cpp in a fresh process: spawn → first text chunk. */
function directCold(dir: string, file: string, prompt: string): Promise<number> {
  // A script file, not `node -e`: node-llama-cpp tests its binary in a child that inherits execArgv.
  const lib = pathToFileURL(createRequire(import.meta.url).resolve('node-llama-cpp')).href;
  const script = path.join(dir, 'direct-cold.mjs');
  writeFileSync(
    script,
    `const { getLlama, LlamaCompletion } = await import(${JSON.stringify(lib)});
    const llama = await getLlama({ gpu: false, build: 'never', progressLogs: false });
    llama.maxThreads = ${THREADS};
    const model = await llama.loadModel({ modelPath: ${JSON.stringify(file)}, gpuLayers: 0 });
    const context = await model.createContext({ contextSize: ${CTX}, sequences: 1, threads: ${THREADS} });
    const completion = new LlamaCompletion({ contextSequence: context.getSequence() });
    const ac = new AbortController();
    await completion.generateCompletion(${JSON.stringify(prompt)}, { maxTokens: 4, temperature: 0, repeatPenalty: false,
      signal: ac.signal, stopOnAbortSignal: true, onTextChunk: (t) => { if (t) { process.stdout.write('first\\n'); ac.abort(); } } });
    await llama.dispose();\n`,
  );
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(process.execPath, [script], { stdio: ['ignore', 'pipe', 'inherit'] });
    let at = 0;
    child.stdout.on('data', (d: Buffer) => {
      if (!at && d.includes('first')) at = performance.now() - t0;
    });
    child.on('exit', (code) => (code === 0 && at ? resolve(at) : reject(new Error(`direct cold run exited ${code}`))));
  });
}

function stats(samples: Sample[]) {
  const rate = summary(samples.map(tokS));
  return {
    runs: samples.length,
    tokens_per_run: samples.map((s) => s.tokens),
    tok_s_median: round(rate.p50, 1),
    tok_s_min: round(Math.min(...samples.map(tokS)), 1),
    first_token_median_ms: round(summary(samples.map((s) => s.firstMs)).p50, 1),
    total_median_ms: round(summary(samples.map((s) => s.totalMs)).p50, 1),
  };
}

async function main(): Promise<void> {
  const dir = mkdtempSync(path.join(tmpdir(), 'bench-gguf-'));
  const nats = await startNatsServer();
  try {
    const file = writeTinyLlamaGguf(path.join(dir, 'model.gguf'), MODEL);
    const workerFile = await bundleGgufWorker(dir);
    process.stderr.write('direct cold run…\n');
    const coldDirect = await directCold(dir, file, CANDIDATE_PROMPTS[0]!);

    const coord = await startReferenceCoordinator({ natsUrl: nats.url });
    const store = new FileModelStore({ [MODEL_URL]: file });
    const runtime = new GgufRuntime({ models: store, log: createTestLogger() }, { workerFile, threads: THREADS, sequencesPerModel: 1 });
    const fixture = await startIsland({ natsUrl: nats.url, runtimes: [runtime] });
    const nc = await connect({ servers: nats.url });
    const watchers = new Map<string, { first?: number; final?: (at: number, chunk: string) => void }>();
    const sub = nc.subscribe(`host.${fixture.hostId}.output`);
    void (async () => {
      for await (const m of sub) {
        const at = performance.now();
        const out = m.json<{ job_id: string; chunk: string; is_final: boolean }>();
        const w = watchers.get(out.job_id);
        if (!w) continue;
        w.first ??= at;
        if (out.is_final) w.final?.(at, out.chunk);
      }
    })();

    async function islandOnce(prompt: string): Promise<Sample> {
      const jobId = randomUUID();
      const w: { first?: number; final?: (at: number, chunk: string) => void } = {};
      const ended = new Promise<{ at: number; chunk: string }>((resolve) => (w.final = (at, chunk) => resolve({ at, chunk })));
      watchers.set(jobId, w);
      const t0 = performance.now();
      await coord.dispatch(fixture.hostId, {
        job_id: jobId,
        runtime_type: 'llmcpp',
        model_url: MODEL_URL,
        model_context_size: CTX,
        input: { prompt, max_tokens: MAX_TOKENS, temperature: 0 },
      });
      const end = await ended;
      await coord.waitForJobState(jobId, 'terminal', { timeoutMs: 120_000 });
      watchers.delete(jobId);
      const usage = (JSON.parse(end.chunk) as { usage: { completion_tokens: number } }).usage;
      return { tokens: usage.completion_tokens, firstMs: w.first! - t0, totalMs: end.at - t0 };
    }

    let direct: DirectModel | null = null;
    try {
      await coord.waitForHeartbeats(fixture.hostId, 1);
      process.stderr.write('island cold run…\n');
      const coldIsland = await islandOnce(CANDIDATE_PROMPTS[0]!);
      direct = await openDirect(file, { contextSize: CTX, threads: THREADS, sequences: 1 });
      const prompt = await pickPrompt(direct);
      const island: Sample[] = [];
      const baseline: Sample[] = [];
      // One warm-up each, then alternate so that drift on a shared machine hits both alike.
      await islandOnce(prompt);
      for (let i = 0; i < RUNS; i++) {
        const a = await islandOnce(prompt);
        const d = await direct.generate(prompt, { maxTokens: MAX_TOKENS });
        const b = { tokens: d.completionTokens, firstMs: d.firstChunkMs, totalMs: d.totalMs };
        process.stderr.write(`#${i}: island ${tokS(a).toFixed(1)} tok/s (${a.tokens}), direct ${tokS(b).toFixed(1)} tok/s (${b.tokens})\n`);
        island.push(a);
        baseline.push(b);
      }
      coord.assertNoViolations();
      const i = stats(island);
      const b = stats(baseline);
      console.log(
        JSON.stringify(
          {
            bench: 'gguf-throughput',
            model: { ...MODEL, file_mb: round(statSync(file).size / 1048576, 1), type: 'F32, random weights' },
            settings: { threads: THREADS, sequences: 1, context_size: CTX, max_tokens: MAX_TOKENS, temperature: 0, prompt },
            island: { path: 'dispatch (JetStream) → Island → inference process → final chunk on NATS', ...i },
            baseline: { path: 'LlamaCompletion.generateCompletion in this process', ...b },
            ratio_tok_s_median: round(i.tok_s_median / b.tok_s_median, 3),
            // Each Island run against the direct run right after it: steadier when the load drifts.
            ratio_paired_median: round(summary(island.map((a, k) => tokS(a) / tokS(baseline[k]!))).p50, 3),
            first_token_warm_ms: { island: i.first_token_median_ms, baseline: b.first_token_median_ms },
            first_token_cold_ms: {
              island: round(coldIsland.firstMs, 1),
              island_path: 'dispatch → first output, inference process started and model loaded on demand',
              baseline: round(coldDirect, 1),
              baseline_path: 'spawn node → import node-llama-cpp → load → first chunk',
            },
            machine: { ...machine(), loadavg_1m: round(loadavg()[0]!, 2) },
          },
          null,
          2,
        ),
      );
    } finally {
      await direct?.close();
      sub.unsubscribe();
      await nc.close();
      await fixture.cleanup();
      await runtime.close();
      await coord.close();
    }
  } finally {
    await nats.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
