// The ONNX runtime's inference processes for real: warm sessions reused, a broken model or a
// crashed process failing one job only, cancel while waiting or running, timeouts, unloading,
// and the CUDA → CPU fallback. Jobs run through the real execution path (executeJob).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AbortReason } from '../../src-main/agent/jobs/runtime';
import { ModelFetchError, type ModelLease, type ModelRequest, type ModelStore } from '../../src-main/agent/models/model-store';
import { OnnxRuntime } from '../../src-main/agent/runtimes/onnx/index';
import type { OnnxRuntimeOptions } from '../../src-main/agent/runtimes/onnx/options';
import { classifierLogits, softmaxOf } from '../fixtures/onnx/expected';
import { createModelFiles, type ModelFiles } from '../fixtures/onnx/model-files';
import { runOnnxJob } from '../fixtures/onnx/run-onnx-job';
import { classifierModel, slowModel } from '../fixtures/onnx/text-models';
import { idsOf } from '../fixtures/onnx/tokenizer';
import { createTestLogger, type TestLogger } from '../helpers/test-logger';
import type { RuntimeEvent } from '../../src-main/agent/runtimes/runtime-events';
import { fileURLToPath } from 'node:url';
import { sleep } from '../helpers/fake-runtime';
import { waitUntil } from '../helpers/wait-until';

const cancel: AbortReason = { kind: 'cancel' };
/** About 3600 tokens: from under a second to several through the slow model's 100 layers. */
const LONG_TEXT = 'the capital of france is paris '.repeat(600);
/** About 12 000 tokens, for jobs that are cut short (crash, cancel, timeout): seconds even on a fast machine. */
const ENDLESS_TEXT = 'the capital of france is paris '.repeat(2000);

const fixtureWorker = (name: string) => fileURLToPath(new URL(`../fixtures/onnx/workers/${name}`, import.meta.url));

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe('ONNX inference processes (real child processes, real onnxruntime-node)', () => {
  let files: ModelFiles;
  const runtimes: OnnxRuntime[] = [];
  let cls: string;
  let slow: string;
  let broken: string;

  beforeAll(() => {
    files = createModelFiles();
    cls = files.add('cls', classifierModel());
    slow = files.add('slow', slowModel(100, 384), { tokenizerConfig: { model_max_length: 16_384 } });
    broken = files.add('broken', new TextEncoder().encode('this is not an ONNX model'));
  });
  afterAll(async () => {
    await Promise.all(runtimes.map((r) => r.close()));
    files?.cleanup();
  });

  function start(opts: OnnxRuntimeOptions = {}, store: ModelStore = files.store): { runtime: OnnxRuntime; log: TestLogger } {
    const log = createTestLogger();
    const runtime = new OnnxRuntime({ models: store, log }, opts);
    runtimes.push(runtime);
    return { runtime, log };
  }

  const pidOf = (runtime: OnnxRuntime, name: string) => runtime.loadedModels().find((m) => m.key.includes(`/${name}/`))?.pid;
  const expectedScores = (words: string[]) => softmaxOf(classifierLogits(idsOf(words)));

  it('keeps the session warm: the second job reuses the same process and loads nothing', async () => {
    const { runtime, log } = start();
    const first = await runOnnxJob(runtime, { onnx_model_url: cls, input: { text: 'good movie' } }, { log });
    const pid = pidOf(runtime, 'cls');
    const second = await runOnnxJob(runtime, { onnx_model_url: cls, input: { text: 'bad movie' } }, { log });
    expect([first.terminal, second.terminal]).toEqual(['succeeded', 'succeeded']);
    expect(pidOf(runtime, 'cls')).toBe(pid);
    expect(log.filter({ msg: 'onnx model loaded' })).toHaveLength(1);
    (second.result!.scores as number[]).forEach((s, i) => expect(s).toBeCloseTo(expectedScores(['bad', 'movie'])[i]!, 5));
    expect(second.ms).toBeLessThan(first.ms);
    expect(files.store.live).toBe(0);
  });

  it('a model that fails to load fails its job naming the file, and the next job works', async () => {
    const { runtime, log } = start();
    const bad = await runOnnxJob(runtime, { onnx_model_url: broken, input: { text: 'good movie' } }, { log });
    expect(bad.terminal).toMatch(/^failed: Failed to load ONNX model model\.onnx: .*broken\/model\.onnx failed:Protobuf parsing failed/);
    const good = await runOnnxJob(runtime, { onnx_model_url: cls, input: { text: 'good movie' } }, { log });
    expect(good.terminal).toBe('succeeded');
    // The broken model is not remembered as loaded: asked again, it fails the same way.
    expect((await runOnnxJob(runtime, { onnx_model_url: broken, input: { text: 'x' } }, { log })).terminal).toMatch(/^failed: Failed to load ONNX model/);
    expect(runtime.availability()).toEqual({ available: true });
  });

  it('a process that crashes mid-job fails that job only; the job queued behind it runs on a fresh process', async () => {
    const { runtime, log } = start();
    const running = runOnnxJob(runtime, { onnx_model_url: slow, input: { text: ENDLESS_TEXT } }, { log });
    await waitUntil(() => log.has({ msg: 'onnx model loaded' }), 'the slow model to load', 30_000);
    const queued = runOnnxJob(runtime, { onnx_model_url: slow, input: { text: 'paris' } }, { log });
    await sleep(300);
    const pid = pidOf(runtime, 'slow')!;
    process.kill(pid, 'SIGKILL');
    const crashed = await running;
    expect(crashed.terminal).toBe('failed: ONNX error: the inference process for model.onnx exited unexpectedly (signal SIGKILL) while running this job');
    const next = await queued;
    expect(next.terminal).toBe('succeeded');
    expect(pidOf(runtime, 'slow')).not.toBe(pid);
    expect(log.has({ msg: 'onnx job goes to a fresh inference process' })).toBe(true);
  }, 90_000);

  it('cancel while running ends the job cancelled at once, then kills the busy process after the grace period', async () => {
    const { runtime, log } = start({ cancelGraceMs: 300 });
    const controller = new AbortController();
    const running = runOnnxJob(runtime, { onnx_model_url: slow, input: { text: ENDLESS_TEXT } }, { log, controller });
    await waitUntil(() => log.has({ msg: 'onnx model loaded' }), 'the slow model to load', 30_000);
    await sleep(300);
    const pid = pidOf(runtime, 'slow')!;
    const cancelledAt = performance.now();
    controller.abort(cancel);
    const r = await running;
    expect(r.terminal).toBe('cancelled');
    expect(performance.now() - cancelledAt).toBeLessThan(250);
    expect(r.reporter.outputsOf(r.job.job_id)).toEqual([]);
    await waitUntil(() => !alive(pid), 'the cancelled job\'s process to be killed', 5_000);
    expect(runtime.loadedModels()).toEqual([]);
    expect((await runOnnxJob(runtime, { onnx_model_url: slow, input: { text: 'paris' } }, { log })).terminal).toBe('succeeded');
  }, 90_000);

  it('cancel while waiting behind another job removes it from the queue; the running job is untouched', async () => {
    const { runtime, log } = start();
    let firstDone = false;
    const first = runOnnxJob(runtime, { onnx_model_url: slow, input: { text: LONG_TEXT } }, { log }).finally(() => (firstDone = true));
    await waitUntil(() => log.has({ msg: 'onnx model loaded' }), 'the slow model to load', 30_000);
    const controller = new AbortController();
    const waiting = runOnnxJob(runtime, { onnx_model_url: slow, input: { text: 'paris' } }, { log, controller });
    await sleep(50);
    // Still queued: the first job is computing.
    expect(firstDone).toBe(false);
    controller.abort(cancel);
    expect((await waiting).terminal).toBe('cancelled');
    expect((await first).terminal).toBe('succeeded');
    expect(log.filter({ msg: 'onnx model loaded' })).toHaveLength(1);
  }, 90_000);

  it('cancel while the model is still being fetched ends cancelled and starts no process', async () => {
    const stalled: ModelStore = {
      acquire: (req: ModelRequest) =>
        new Promise<ModelLease>((_, reject) => req.signal?.addEventListener('abort', () => reject(new ModelFetchError('aborted', 'cancelled')))),
    };
    const { runtime, log } = start({}, stalled);
    const controller = new AbortController();
    const running = runOnnxJob(runtime, { onnx_model_url: cls, input: { text: 'good' } }, { log, controller });
    await sleep(100);
    controller.abort(cancel);
    expect((await running).terminal).toBe('cancelled');
    expect(runtime.loadedModels()).toEqual([]);
  });

  it('a job over its time limit fails with the limit named, and its process is killed', async () => {
    const { runtime, log } = start({ timeoutSeconds: 1, cancelGraceMs: 200 });
    const r = await runOnnxJob(runtime, { onnx_model_url: slow, input: { text: ENDLESS_TEXT } }, { log });
    expect(r.terminal).toBe('failed: Timeout: job exceeded 1s limit');
    await waitUntil(() => runtime.loadedModels().length === 0, 'the process to be killed', 5_000);
  }, 60_000);

  it('unloadAll() exits the processes; the next job loads the model again', async () => {
    const { runtime, log } = start();
    await runOnnxJob(runtime, { onnx_model_url: cls, input: { text: 'good' } }, { log });
    const pid = pidOf(runtime, 'cls')!;
    await runtime.unloadAll();
    expect(runtime.loadedModels()).toEqual([]);
    expect(alive(pid)).toBe(false);
    expect((await runOnnxJob(runtime, { onnx_model_url: cls, input: { text: 'good' } }, { log })).terminal).toBe('succeeded');
    expect(pidOf(runtime, 'cls')).not.toBe(pid);
    expect(log.filter({ msg: 'onnx model loaded' })).toHaveLength(2);
  });

  it('an idle model is unloaded after the idle period', async () => {
    const { runtime, log } = start({ idleUnloadMs: 400 });
    await runOnnxJob(runtime, { onnx_model_url: cls, input: { text: 'good' } }, { log });
    const pid = pidOf(runtime, 'cls')!;
    await waitUntil(() => runtime.loadedModels().length === 0 && !alive(pid), 'the idle unload', 5_000);
    expect(log.has({ msg: 'onnx model unloaded after being idle' })).toBe(true);
  });

  it('CUDA that cannot start falls back to the CPU with a log line, and the job still succeeds', async () => {
    const { runtime, log } = start({ providers: 'cuda' });
    expect(runtime.providers.providers).toEqual(['cuda', 'cpu']);
    const r = await runOnnxJob(runtime, { onnx_model_url: cls, input: { text: 'good movie' } }, { log });
    expect(r.terminal, log.dump()).toBe('succeeded');
    (r.result!.scores as number[]).forEach((s, i) => expect(s).toBeCloseTo(expectedScores(['good', 'movie'])[i]!, 5));
    const fellBack = log.find({ level: 'warn', msg: 'onnx execution provider fell back' });
    expect(fellBack?.fields['reason']).toMatch(/^CUDA could not start \(.*\); running on the CPU$/);
    expect(log.find({ msg: 'onnx model loaded' })?.fields['provider']).toBe('cpu');
  });

  it('an inference process that cannot load onnxruntime-node makes the runtime unavailable, with the reason', async () => {
    const events: RuntimeEvent[] = [];
    const log = createTestLogger();
    const runtime = new OnnxRuntime({ models: files.store, log, events: (e) => events.push(e) }, { workerFile: fixtureWorker('no-runtime-worker.mjs') });
    runtimes.push(runtime);
    const r = await runOnnxJob(runtime, { onnx_model_url: cls, input: { text: 'good' } }, { log });
    const reason = 'onnxruntime-node cannot be loaded on this machine: libonnxruntime.so.1: cannot open shared object file';
    expect(r.terminal).toBe(`failed: ${reason}`);
    expect(runtime.availability()).toEqual({ available: false, reason });
    expect(events).toEqual([{ type: 'availability', runtime: 'onnx', available: false, reason }]);
    expect((await runOnnxJob(runtime, { onnx_model_url: cls, input: { text: 'good' } })).terminal).toBe(`failed: ONNX runtime unavailable: ${reason}`);
  });

  it('an inference process that breaks the protocol fails its job and is killed', async () => {
    const { runtime, log } = start({ workerFile: fixtureWorker('rogue-worker.mjs') });
    const r = await runOnnxJob(runtime, { onnx_model_url: cls, input: { text: 'good' } }, { log });
    expect(r.terminal).toMatch(/^failed: ONNX error: invalid message from the ONNX inference process \(type "result"\): .*injected/);
    expect(r.result).toBeUndefined();
    await waitUntil(() => runtime.loadedModels().length === 0, 'the rogue process to be killed');
  });

  it('a job without onnx_model_url fails with the reference error', async () => {
    const { runtime } = start();
    expect((await runOnnxJob(runtime, { input: { text: 'x' } })).terminal).toBe('failed: ONNX workload missing onnx_model_url');
  });
});
