// The inference processes get no secrets: while the Island's process holds HF_TOKEN,
// ISLAND_NATS_URL (with credentials), a cloud key and NODE_OPTIONS, the GGUF and ONNX runtimes
// fork their real inference processes (node-llama-cpp, onnxruntime-node) and each runs a job.
// The environment each child was actually started with is read back from /proc/<pid>/environ:
// none of the secrets is there, and what it needs (PATH, HOME, loader and GPU variables) is.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inferenceChildEnv } from '../../src-shared/domain/inference-child-env';
import { GgufRuntime } from '../../src-main/agent/runtimes/gguf/index';
import { OnnxRuntime } from '../../src-main/agent/runtimes/onnx/index';
import { writeTinyLlamaGguf } from '../fixtures/gguf/tiny-gguf';
import { bundleGgufWorker } from '../fixtures/gguf/worker-bundle';
import { createModelFiles, type ModelFiles } from '../fixtures/onnx/model-files';
import { runOnnxJob } from '../fixtures/onnx/run-onnx-job';
import { classifierModel } from '../fixtures/onnx/text-models';
import { FileModelStore } from '../helpers/file-model-store';
import { createTestLogger } from '../helpers/test-logger';
import { runJob } from '../unit/runtimes/wasm/run-job';

/** What the Island's own process holds: secrets, and what a child must get. */
const PARENT_ENV = {
  HF_TOKEN: 'hf_inferenceChildSecretsTest0123456789',
  ISLAND_NATS_URL: 'nats://island:child-secrets-password@127.0.0.1:4222',
  AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYCHILDKEY',
  ISLAND_DASHBOARD_TOKEN: 'dashboard-token-for-the-child-secrets-test',
  NODE_OPTIONS: '--max-old-space-size=3072',
  ELECTRON_RUN_AS_NODE: '1',
  // Passed on purpose: loader and GPU variables (a CUDA_ one, as a GPU machine would set).
  CUDA_CACHE_MAXSIZE: '268435456',
  LANG: 'C.UTF-8',
};
const SECRETS = ['HF_TOKEN', 'ISLAND_NATS_URL', 'AWS_SECRET_ACCESS_KEY', 'ISLAND_DASHBOARD_TOKEN', 'NODE_OPTIONS', 'ELECTRON_RUN_AS_NODE'];

/** The environment a process was started with, as the kernel keeps it. */
function environOf(pid: number): Record<string, string> {
  const entries = readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0').filter(Boolean);
  return Object.fromEntries(entries.map((e) => [e.slice(0, e.indexOf('=')), e.slice(e.indexOf('=') + 1)]));
}

/** What child_process.fork adds for its IPC channel. */
const FORK_CHANNEL = { NODE_CHANNEL_FD: '3', NODE_CHANNEL_SERIALIZATION_MODE: 'json' };

describe.skipIf(process.platform !== 'linux')('inference processes inherit no secrets (real children, /proc/<pid>/environ)', () => {
  const saved: Record<string, string | undefined> = {};
  let dir: string;
  let gguf: GgufRuntime;
  let onnx: OnnxRuntime;
  let onnxFiles: ModelFiles;
  let ggufUrl: string;
  let clsUrl: string;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'child-secrets-'));
    const workerFile = await bundleGgufWorker(dir);
    ggufUrl = 'https://models.test/tiny.gguf';
    const store = new FileModelStore({ [ggufUrl]: writeTinyLlamaGguf(path.join(dir, 'tiny.gguf')) });
    onnxFiles = createModelFiles();
    clsUrl = onnxFiles.add('cls', classifierModel());
    // Set only now: nothing the setup starts (esbuild) runs with them.
    for (const [key, value] of Object.entries(PARENT_ENV)) {
      saved[key] = process.env[key];
      process.env[key] = value;
    }
    gguf = new GgufRuntime({ models: store, log: createTestLogger({ module: 'gguf' }), onEvent: () => undefined }, { workerFile, threads: 1 });
    onnx = new OnnxRuntime({ models: onnxFiles.store, log: createTestLogger({ module: 'onnx' }) });
  }, 120_000);

  afterAll(async () => {
    await gguf?.close();
    await onnx?.close();
    for (const [key, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
    onnxFiles?.cleanup();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  function expectNoSecrets(pid: number): void {
    const env = environOf(pid);
    for (const key of SECRETS) expect(env, key).not.toHaveProperty(key);
    const text = Object.values(env).join('\n');
    for (const key of SECRETS) expect(text).not.toContain(PARENT_ENV[key as keyof typeof PARENT_ENV]);
    // What it needs, with the parent's values.
    expect(env.PATH).toBe(process.env.PATH);
    expect(env.HOME).toBe(process.env.HOME);
    expect(env.LANG).toBe('C.UTF-8');
    expect(env.CUDA_CACHE_MAXSIZE).toBe(PARENT_ENV.CUDA_CACHE_MAXSIZE);
    // And nothing else: exactly the allowlist applied to this process's environment, plus fork's channel.
    expect(env).toEqual({ ...inferenceChildEnv(process.env), ...FORK_CHANNEL });
  }

  it('GGUF: the node-llama-cpp process that ran the job has none of the secrets, and what it needs', async () => {
    const run = await runJob(gguf, { runtime_type: 'llmcpp', model_url: ggufUrl, model_context_size: 512, input: { prompt: 'hello', max_tokens: 4, temperature: 0 } });
    expect(run.terminal).toBe('succeeded');
    const [model] = gguf.loadedModels();
    expect(model?.pid).toBeGreaterThan(0);
    expect(model!.pid).not.toBe(process.pid);
    expectNoSecrets(model!.pid!);
  });

  it('ONNX: the onnxruntime-node process that ran the job has none of the secrets, and what it needs', async () => {
    const run = await runOnnxJob(onnx, { onnx_model_url: clsUrl, input: { text: 'good movie' } });
    expect(run.terminal).toBe('succeeded');
    const [model] = onnx.loadedModels();
    expect(model?.pid).toBeGreaterThan(0);
    expect(model!.pid).not.toBe(process.pid);
    expectNoSecrets(model!.pid!);
  });
});
