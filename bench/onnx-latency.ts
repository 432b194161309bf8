// Per-job latency of ONNX inference on the Island's whole path, against onnxruntime-node called
// directly in one process doing the same work.
//
//   (a) Island: the reference coordinator publishes the assignment (JetStream, real nats-server)
//       → the Island pulls it, checks it, takes the model from the cache, sends it to the model's
//       warm inference process (child_process IPC), which decodes, preprocesses, runs and
//       decodes the output → the final JobOutput arrives on `host.<id>.output` (timed here).
//   (b) Baseline: in this process, a warm InferenceSession; per job the same input work (PNG
//       decode + resize + normalise, or tokenize) + session.run + softmax + JSON.stringify.
// Two models: PaddleOCR's real text-orientation classifier (image-classification on a rendered
// text line) and the tests' tiny text classifier (text-classification with the WordPiece
// tokenizer). Also one cold job each: the Island's first job for a model (process start +
// session) against InferenceSession.create in-process.
// The Island runs the inference process bundled by esbuild, as the build ships it.
//
// Run: npx tsx bench/onnx-latency.ts [runs=40]. Prints a JSON summary (progress on stderr).
import { randomUUID } from 'node:crypto';
import { mkdirSync, readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import path from 'node:path';
import { Tokenizer } from '@huggingface/tokenizers';
import { connect } from '@nats-io/transport-node';
import { build } from 'esbuild';
import ort from 'onnxruntime-node';
import { PNG } from 'pngjs';
import { classify } from '../src-shared/domain/onnx/classification';
import { imageTensor } from '../src-shared/domain/onnx/image-tensor';
import { OnnxRuntime } from '../src-main/agent/runtimes/onnx/index';
import { textLinePng } from '../tests/fixtures/onnx/images';
import { createModelFiles, paddleClsModelPath } from '../tests/fixtures/onnx/model-files';
import { classifierModel } from '../tests/fixtures/onnx/text-models';
import { tokenizerConfigJson, tokenizerJson } from '../tests/fixtures/onnx/tokenizer';
import { startReferenceCoordinator } from '../tests/harness/coordinator/index';
import { startNatsServer } from '../tests/harness/nats-server';
import { startIsland } from '../tests/helpers/island-fixture';
import { createTestLogger } from '../tests/helpers/test-logger';
import { machine, round, summary } from './lib/stats';

const RUNS = Number(process.argv[2] ?? 40);
const WARMUP = 5;
const IMAGE = textLinePng('HELLO WORLD');
const IMAGE_INPUT = { image: IMAGE, mean: [0.5, 0.5, 0.5], std: [0.5, 0.5, 0.5], height: 48 };
const TEXT_INPUT = { text: 'This movie was great, I love this film!' };

/** The inference process as scripts/build.mjs bundles it, beside the repository's node_modules. */
async function bundleWorker(): Promise<string> {
  const dir = path.resolve('bench/out');
  mkdirSync(dir, { recursive: true });
  const outfile = path.join(dir, 'onnx-worker.mjs');
  await build({
    entryPoints: ['src-main/agent/runtimes/onnx/onnx-worker.ts'],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node22',
    external: ['onnxruntime-node'],
    banner: { js: "import { createRequire as __r } from 'node:module'; const require = __r(import.meta.url);" },
    logLevel: 'warning',
  });
  return outfile;
}

type Direct = () => Promise<void>;

interface BenchModel {
  uri: string;
  task: string;
  input: Record<string, unknown>;
}

async function directImage(session: ort.InferenceSession): Promise<Direct> {
  return async () => {
    const png = PNG.sync.read(Buffer.from(IMAGE, 'base64'));
    const width = Math.round((48 * png.width) / png.height);
    const t = imageTensor({ width: png.width, height: png.height, data: png.data }, { layout: 'nchw', channels: 3, width, height: 48, resize: 'stretch' }, { mean: [0.5, 0.5, 0.5], std: [0.5, 0.5, 0.5] });
    const out = await session.run({ x: new ort.Tensor('float32', t.data, t.dims) });
    const v = Object.values(out)[0]!;
    JSON.stringify(classify(v.data as Float32Array, v.dims, null));
  };
}

async function directText(session: ort.InferenceSession): Promise<Direct> {
  const tokenizer = new Tokenizer(tokenizerJson(), tokenizerConfigJson());
  return async () => {
    const enc = tokenizer.encode(TEXT_INPUT.text);
    const n = enc.ids.length;
    const out = await session.run({
      input_ids: new ort.Tensor('int64', BigInt64Array.from(enc.ids, BigInt), [1, n]),
      attention_mask: new ort.Tensor('int64', BigInt64Array.from(enc.attention_mask, BigInt), [1, n]),
    });
    const v = Object.values(out)[0]!;
    JSON.stringify(classify(v.data as Float32Array, v.dims, null));
  };
}

function stats(samples: number[]) {
  const s = summary(samples);
  return { runs: s.n, median_ms: round(s.p50, 2), p90_ms: round(s.p90, 2), max_ms: round(s.max, 2) };
}

async function main(): Promise<void> {
  const workerFile = await bundleWorker();
  const nats = await startNatsServer();
  const coord = await startReferenceCoordinator({ natsUrl: nats.url });
  const files = createModelFiles();
  const runtime = new OnnxRuntime({ models: files.store, log: createTestLogger() }, { workerFile });
  const fixture = await startIsland({ natsUrl: nats.url, runtimes: [runtime] });
  const nc = await connect({ servers: nats.url });
  const finals = new Map<string, (at: number) => void>();
  const sub = nc.subscribe(`host.${fixture.hostId}.output`);
  void (async () => {
    for await (const m of sub) {
      const at = performance.now();
      const { job_id, is_final } = m.json<{ job_id: string; is_final: boolean }>();
      if (is_final) finals.get(job_id)?.(at);
    }
  })();

  const models: Record<'image' | 'text', BenchModel> = {
    image: { uri: files.add('paddle-cls', readFileSync(paddleClsModelPath()), { tokenizer: false, tokenizerConfig: false }), task: 'image-classification', input: IMAGE_INPUT },
    text: { uri: files.add('tiny-text', classifierModel()), task: 'text-classification', input: TEXT_INPUT },
  };

  async function islandOnce(m: BenchModel): Promise<number> {
    const jobId = randomUUID();
    const arrived = new Promise<number>((resolve) => finals.set(jobId, resolve));
    const t0 = performance.now();
    await coord.dispatch(fixture.hostId, { job_id: jobId, runtime_type: 'onnx', onnx_model_url: m.uri, onnx_task_type: m.task, input: m.input });
    const t1 = await arrived;
    const job = await coord.waitForJobState(jobId, 'terminal');
    if (job.state !== 'succeeded') throw new Error(`job ${jobId} ended ${job.state}: ${job.statuses.at(-1)?.message.error}`);
    finals.delete(jobId);
    return t1 - t0;
  }

  try {
    await coord.waitForHeartbeats(fixture.hostId, 1);
    const result: Record<string, unknown> = { bench: 'onnx-latency' };
    for (const [name, m] of Object.entries(models)) {
      const modelPath = (await files.store.acquire({ uri: m.uri, purpose: 'job' })).path;
      const islandCold = await islandOnce(m);
      const c0 = performance.now();
      const session = await ort.InferenceSession.create(modelPath, { intraOpNumThreads: runtime.threads, interOpNumThreads: 1, executionMode: 'sequential', graphOptimizationLevel: 'all' });
      const directCold = performance.now() - c0;
      const direct = name === 'image' ? await directImage(session) : await directText(session);
      const island: number[] = [];
      const baseline: number[] = [];
      fixture.log.clear();
      for (let i = 0; i < WARMUP + RUNS; i++) {
        // Interleaved, so that drift on a shared machine hits both alike.
        const a = await islandOnce(m);
        const b0 = performance.now();
        await direct();
        const b = performance.now() - b0;
        process.stderr.write(`${name} #${i}: island ${a.toFixed(2)} ms, direct ${b.toFixed(2)} ms\n`);
        if (i >= WARMUP) {
          island.push(a);
          baseline.push(b);
        }
      }
      await session.release();
      const is = stats(island);
      const bs = stats(baseline);
      // The inference process's own time per job (input decoding, run, output decoding), as it reports it.
      const childRun = stats(fixture.log.filter({ msg: 'onnx job done' }).slice(WARMUP).map((r) => Number(r.fields['run_ms'])));
      result[name] = {
        model: m.uri,
        task: m.task,
        island: { path: 'coordinator dispatch (JetStream) → Island → warm inference process → final JobOutput on NATS', ...is },
        baseline: { path: 'onnxruntime-node in this process: warm session, same input work, run, softmax, JSON', ...bs },
        ratio_median: round(is.median_ms / bs.median_ms, 2),
        ratio_p90: round(is.p90_ms / bs.p90_ms, 2),
        extra_ms_median: round(is.median_ms - bs.median_ms, 2),
        inference_process_run_ms: { median: childRun.median_ms, p90: childRun.p90_ms },
        cold_first_job: { island_ms: round(islandCold, 1), direct_session_create_ms: round(directCold, 1) },
      };
    }
    coord.assertNoViolations();
    result['threads'] = runtime.threads;
    result['machine'] = { ...machine(), loadavg_1m: round(loadavg()[0]!, 2) };
    console.log(JSON.stringify(result, null, 2));
  } finally {
    sub.unsubscribe();
    await nc.close();
    await fixture.cleanup();
    await runtime.close();
    await coord.close();
    await nats.stop();
    files.cleanup();
  }
}

await main();
