// The `llmcpp` runtime: GGUF models run by node-llama-cpp in inference processes of their own
// (one per loaded model, kept warm between jobs), streaming tokens from seq 0 and ending with the
// `done` chunk and its usage (§4.5.3, §8.1). A cancel ends the job `cancelled` (the Rust Island
// reports `succeeded`, §12.2 quirk 5), and a model that crashes llama.cpp fails only its job.
import { cudaEnv, type GpuOffer } from '../../availability/gpu-offer';
import { chooseGpu } from '../../../../src-shared/domain/gguf/gpu';
import { ggufRequestFromJob, type GgufRequest } from '../../../../src-shared/domain/gguf/request';
import { doneChunk } from '../../../../src-shared/domain/gguf/usage';
import { errorMessage } from '../../../../src-shared/errors';
import type { JobContext, Runtime, RuntimeAvailability, RuntimeResult } from '../../jobs/runtime';
import type { Logger } from '../../log/logger';
import type { ModelLease, ModelStore } from '../../models/model-store';
import type { RuntimeEventSink } from '../runtime-events';
import { checkNodeLlamaCpp } from './availability';
import { gpuFacts } from './gpu-facts';
import { ModelPool, type GgufEvent, type LoadedModelView, type ModelHandle, type UnloadReason } from './model-pool';
import { ModelProcess, type LoadFailure } from './model-process';
import { resolveGgufOptions, type GgufRuntimeOptions, type GgufSettings } from './options';
import { findWorkerCommand, workerCommandFor, type WorkerCommand } from './worker-file';

export interface GgufRuntimeDeps {
  models: ModelStore;
  log: Logger;
  events?: RuntimeEventSink;
  /** Model loads, unloads and crashes (tests, the dashboard). */
  onEvent?: (event: GgufEvent) => void;
  /** Cheap availability check; the default looks for node-llama-cpp and its prebuilt binary. */
  checkAvailability?: () => RuntimeAvailability;
}

const ABORTED: RuntimeResult = { outcome: 'failed', error: 'aborted' };

function failed(error: string): RuntimeResult {
  return { outcome: 'failed', error };
}

export class GgufRuntime implements Runtime {
  readonly type = 'llmcpp' as const;
  readonly seqBase = 0 as const;
  /** The model is downloaded and loaded first; the run limit starts once it can generate. */
  readonly preparesFirst = true;
  readonly settings: GgufSettings;
  private readonly pool: ModelPool<ModelProcess>;
  private readonly command: WorkerCommand | null;
  private checked: RuntimeAvailability | null = null;
  private closed = false;
  private gpuEnv: Record<string, string> = {};

  constructor(
    private readonly deps: GgufRuntimeDeps,
    opts: GgufRuntimeOptions = {},
  ) {
    this.settings = resolveGgufOptions(opts);
    this.command = this.settings.workerFile ? workerCommandFor(this.settings.workerFile) : findWorkerCommand();
    const { settings } = this;
    this.pool = new ModelPool({
      idleUnloadMs: settings.idleUnloadMs,
      maxLoadedModels: settings.maxLoadedModels,
      spec: { sequences: settings.sequencesPerModel, threads: settings.threads ?? null, gpu: chooseGpu(gpuFacts(), settings.gpu) },
      start: (spec) =>
        ModelProcess.start({
          command: this.command!,
          ...(settings.execPath ? { execPath: settings.execPath } : {}),
          env: this.gpuEnv,
          load: spec,
          log: deps.log,
          loadTimeoutMs: settings.loadTimeoutMs,
          cancelGraceMs: settings.cancelGraceMs,
          unloadGraceMs: settings.unloadGraceMs,
        }),
      log: deps.log,
      onEvent: (event) => this.onPoolEvent(event),
    });
  }

  availability(): RuntimeAvailability {
    if (!this.command) return { available: false, reason: 'the GGUF inference worker (gguf-worker.mjs) is missing from this installation' };
    this.checked ??= (this.deps.checkAvailability ?? checkNodeLlamaCpp)();
    return this.checked;
  }

  timeoutSeconds(): number {
    return this.settings.timeoutSeconds;
  }

  /** Models loaded now, with their process and settings. */
  loadedModels(): LoadedModelView[] {
    return this.pool.loaded();
  }

  /** Inference processes started so far (each is one model load). */
  get loads(): number {
    return this.pool.loads;
  }

  /** Unloads every model now (the owner wants the GPU back); running jobs fail saying so. */
  /** Only the offered GPUs are visible to the inference processes started from now on. */
  restrictGpus(offer: GpuOffer): void {
    this.gpuEnv = offer.everything ? {} : cudaEnv(offer.gpus, offer.offered);
  }

  /** The owner paused to use the GPU: give its memory back. */
  unloadModels(): Promise<void> {
    return this.unloadAll('demand');
  }

  unloadAll(reason: UnloadReason = 'demand'): Promise<void> {
    return this.pool.unloadAll(reason);
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.pool.unloadAll('shutdown');
  }

  async run(ctx: JobContext): Promise<RuntimeResult> {
    const { job, signal, log } = ctx;
    const request = ggufRequestFromJob(job);
    if (!request.ok) return failed(request.error);
    const availability = this.availability();
    if (!availability.available) return failed(`GGUF runtime unavailable: ${availability.reason}`);
    if (this.closed) return failed('GGUF error: the runtime is shutting down');

    let lease: ModelLease;
    try {
      lease = await this.deps.models.acquire({ uri: request.value.modelUrl, sha256: job.model_hash, signal, purpose: 'job' });
    } catch (err) {
      if (signal.aborted) return ABORTED;
      return failed(`Failed to download GGUF model: ${request.value.modelUrl}: ${errorMessage(err)}`);
    }
    if (signal.aborted) {
      lease.release();
      return ABORTED;
    }
    const use = await raceAbort(this.pool.use(lease, request.value.contextSize), signal, (late) => {
      if (late.ok) late.handle.release();
    });
    if (use === null) return ABORTED;
    if (!use.ok) return failed(this.loadError(request.value, lease.path, use.failure));
    try {
      ctx.prepared();
      log.debug('GGUF generation starting', { model: request.value.modelUrl, pid: use.handle.process.pid, max_tokens: request.value.maxTokens });
      return await this.generate(ctx, request.value, use.handle);
    } finally {
      use.handle.release();
    }
  }

  private async generate(ctx: JobContext, request: GgufRequest, handle: ModelHandle<ModelProcess>): Promise<RuntimeResult> {
    const { prompt, maxTokens, sampling } = request;
    const outcome = await handle.process.generate({ prompt, maxTokens, sampling }, (text) => ctx.emit.token(text), ctx.signal);
    switch (outcome.kind) {
      case 'aborted':
        return ABORTED;
      case 'failed':
        return failed(`GGUF error: ${outcome.error}`);
      case 'done':
        ctx.emit.final(doneChunk(outcome.usage));
        ctx.log.debug('GGUF generation done', { stop_reason: outcome.stopReason, ...outcome.usage });
        return { outcome: 'succeeded' };
    }
  }

  private loadError(request: GgufRequest, file: string, failure: LoadFailure): string {
    switch (failure.kind) {
      case 'model':
        return `GGUF error: cannot load ${request.modelUrl} (file ${file}) as a GGUF model: ${failure.message}`;
      case 'binary':
        return `GGUF runtime unavailable: ${failure.message}`;
      case 'crashed':
      case 'timeout':
        return `GGUF error: ${failure.message} (model ${request.modelUrl}, file ${file})`;
    }
  }

  private onPoolEvent(event: GgufEvent): void {
    if (event.type === 'model-load-failed' && event.failure.kind === 'binary') {
      // node-llama-cpp cannot run here at all: stop advertising llmcpp until the Island restarts.
      this.checked = { available: false, reason: event.failure.message };
      this.deps.events?.({ type: 'availability', runtime: this.type, available: false, reason: event.failure.message });
    }
    this.deps.onEvent?.(event);
  }
}

/** The promise's value, or null once the signal fires; a value that arrives late goes to `late`. */
function raceAbort<T>(promise: Promise<T>, signal: AbortSignal, late: (value: T) => void): Promise<T | null> {
  if (signal.aborted) {
    void promise.then(late);
    return Promise.resolve(null);
  }
  return new Promise((resolve) => {
    let done = false;
    const onAbort = () => {
      done = true;
      resolve(null);
    };
    signal.addEventListener('abort', onAbort, { once: true });
    void promise.then((value) => {
      signal.removeEventListener('abort', onAbort);
      if (done) late(value);
      else resolve(value);
    });
  });
}
