// The `onnx` runtime (§4.5.4, §8.2): check the job, fetch the model and its companion files
// through the model cache, and run the task in the model's inference process (model-host.ts).
// One JSON result is the job's one final chunk (seq 0). Failures name what was wrong: the field,
// the file, or the model's real inputs.
import { cudaEnv, type GpuOffer } from '../../availability/gpu-offer';
import { parseTaskInput } from '../../../../src-shared/domain/onnx/job-input';
import { chooseProviders, intraOpThreads, type ProviderChoice } from '../../../../src-shared/domain/onnx/providers';
import { ortSupport, type OrtSupport } from '../../../../src-shared/domain/onnx/ort-support';
import { needsTokenizer, routeTask } from '../../../../src-shared/domain/onnx/tasks';
import type { JobContext, Runtime, RuntimeAvailability, RuntimeResult } from '../../jobs/runtime';
import type { Logger } from '../../log/logger';
import type { ModelStore } from '../../models/model-store';
import type { RuntimeEventSink } from '../runtime-events';
import { ortBindingExists, ortPackageDir, physicalCores, providerFacts } from './host-facts';
import { JobFileFetcher, type JobFiles } from './job-files';
import { ModelHost } from './model-host';
import { ModelHosts, type Host, type LoadedModel } from './model-hosts';
import { resolveOnnxOptions, type OnnxLimits, type OnnxRuntimeOptions } from './options';
import { findWorkerEntry, workerEntryFor, type WorkerEntry } from './worker-file';

export interface OnnxRuntimeDeps {
  models: ModelStore;
  log: Logger;
  events?: RuntimeEventSink;
}

const failed = (error: string): RuntimeResult => ({ outcome: 'failed', error });
/** What the engine ignores: an aborted job's status comes from its abort reason. */
const ABORTED = failed('aborted');

export class OnnxRuntime implements Runtime {
  readonly type = 'onnx' as const;
  readonly seqBase = 0 as const;
  /** The model is fetched and loaded first; the run limit starts when the job reaches it. */
  readonly preparesFirst = true;
  readonly limits: OnnxLimits;
  readonly providers: ProviderChoice;
  readonly threads: number;
  private readonly entry: WorkerEntry | null;
  private readonly hosts: ModelHosts;
  private readonly files: JobFileFetcher;
  private support: OrtSupport;
  private gpuEnv: Record<string, string> = {};

  constructor(
    private readonly deps: OnnxRuntimeDeps,
    opts: OnnxRuntimeOptions = {},
  ) {
    this.limits = resolveOnnxOptions(opts);
    this.entry = opts.workerFile ? workerEntryFor(opts.workerFile) : findWorkerEntry();
    const packageDir = ortPackageDir();
    this.support = ortSupport({
      platform: process.platform,
      arch: process.arch,
      packageFound: packageDir !== null,
      bindingFound: packageDir !== null && ortBindingExists(packageDir),
      workerFound: this.entry !== null,
    });
    this.providers = chooseProviders(this.limits.providers, providerFacts(packageDir));
    this.threads = intraOpThreads(physicalCores(), this.limits.threads);
    this.files = new JobFileFetcher(deps.models, deps.log, this.limits.missingSidecarTtlMs);
    this.hosts = new ModelHosts({
      create: (modelPath, onGone) => this.startHost(modelPath, onGone),
      idleUnloadMs: this.limits.idleUnloadMs,
      maxLoaded: this.limits.maxLoadedModels,
      log: deps.log,
    });
  }

  availability(): RuntimeAvailability {
    return this.support;
  }

  timeoutSeconds(): number {
    return this.limits.timeoutSeconds;
  }

  async run(ctx: JobContext): Promise<RuntimeResult> {
    const { job, signal, log } = ctx;
    if (!this.support.available) return failed(`ONNX runtime unavailable: ${this.support.reason}`);
    const uri = job.onnx_model_url;
    if (!uri) return failed('ONNX workload missing onnx_model_url');
    const route = routeTask(job.onnx_task_type);
    if (!route.known) log.warn('unknown onnx_task_type: running it as text-classification', { task: route.requested });
    const input = parseTaskInput(route.task, job.input);
    if (!input.ok) return failed(`ONNX error: ${input.error}`);

    const fetched = await this.files.fetch({ modelUri: uri, modelHash: job.onnx_model_hash, task: route.task, needsTokenizer: needsTokenizer(route.task), signal });
    if (!fetched.ok) return fetched.aborted ? ABORTED : failed(fetched.error);
    const files = fetched.files;
    try {
      if (signal.aborted) return ABORTED;
      const request = {
        task: route.task,
        input: input.value,
        files: { tokenizer: files.tokenizer?.path ?? null, tokenizerConfig: files.tokenizerConfig?.path ?? null, config: files.config?.path ?? null },
      };
      // Loading the model, and waiting for the model's earlier jobs, is preparation: the run
      // limit measures this job's own inference.
      const result = await this.hosts.run(hostKey(files), files.model.path, request, signal, () => ctx.prepared());
      switch (result.kind) {
        case 'ok':
          log.info('onnx job done', { task: route.task, run_ms: Math.round(result.runMs * 10) / 10 });
          ctx.emit.final(JSON.stringify(result.output));
          return { outcome: 'succeeded' };
        case 'failed':
          return failed(result.error);
        case 'aborted':
          return ABORTED;
        case 'retry':
          return failed(`ONNX error: ${result.reason}`);
      }
    } finally {
      files.release();
    }
  }

  /** Exits every model's inference process: idle ones now, busy ones when their jobs end. */
  /** Only the offered GPUs are visible to the inference processes started from now on. */
  restrictGpus(offer: GpuOffer): void {
    this.gpuEnv = offer.everything ? {} : cudaEnv(offer.gpus, offer.offered);
  }

  /** The owner paused to use the GPU: give its memory back. */
  unloadModels(): Promise<void> {
    return this.unloadAll();
  }

  unloadAll(): Promise<void> {
    return this.hosts.unloadAll();
  }

  /** The models loaded now, with their process ids (diagnostics and tests). */
  loadedModels(): LoadedModel[] {
    return this.hosts.loaded();
  }

  async close(): Promise<void> {
    await this.hosts.close();
  }

  private startHost(modelPath: string, onGone: (host: Host) => void): Host {
    return new ModelHost({
      entry: this.entry!,
      modelPath,
      providers: this.providers.providers,
      threads: this.threads,
      loadTimeoutMs: this.limits.loadTimeoutMs,
      cancelGraceMs: this.limits.cancelGraceMs,
      log: this.deps.log,
      env: this.gpuEnv,
      onGone,
      onRuntimeUnavailable: (reason) => this.markUnavailable(reason),
    });
  }

  private markUnavailable(reason: string): void {
    if (!this.support.available) return;
    this.support = { available: false, reason };
    this.deps.log.error('onnx runtime unavailable', { reason });
    this.deps.events?.({ type: 'availability', runtime: 'onnx', available: false, reason });
  }
}

/** The same file at the same path and size is the same model (the cache key is the URL's hash). */
function hostKey(files: JobFiles): string {
  return `${files.model.key}|${files.model.path}|${files.model.sizeBytes}`;
}
