// The `wasm` runtime: fetch the module (http(s) only, through the cache, hash-checked), cap its
// memory, and run it under WASI in a worker thread of its own with its input on stdin, its
// JSON Lines streamed out as they are written, and wall-clock and CPU-time bounds.
import { errorMessage } from '../../../../src-shared/errors';
import type { JobContext, Runtime, RuntimeAvailability, RuntimeResult } from '../../jobs/runtime';
import type { Logger } from '../../log/logger';
import type { RuntimeEventSink } from '../runtime-events';
import { ModuleCompiler, type PreparedModule } from './compiled-modules';
import { WasmModuleStore, type ModuleBytes } from './module-store';
import { ABORTED, failed, resultOf } from './outcome';
import { resolveLimits, type WasmLimits, type WasmRuntimeOptions } from './options';
import { OutputBufferPool } from './output-buffers';
import { readStderr } from './shared-output';
import { WasmModuleError } from './wasm-binary';
import { WasmOutput } from './wasm-output';
import { checkWasmHash, checkWasmUrl } from './wasm-url';
import { findWorkerFile } from './worker-file';
import { runInWorker } from './worker-run';
import { WorkerSpawner } from './worker-spawner';

export interface WasmRuntimeDeps {
  cacheDir: string;
  log: Logger;
  events: RuntimeEventSink;
}

const PROGRAM_NAME = 'cargo.wasm';
/** The reader takes at most this much per wake-up; a faster writer waits. */
const STDOUT_RING_BYTES = 256 * 1024;
const encoder = new TextEncoder();

export class WasmRuntime implements Runtime {
  readonly type = 'wasm' as const;
  readonly seqBase = 1 as const;
  /** The module is downloaded and compiled first; the 60 s run limit starts once it is ready. */
  readonly preparesFirst = true;
  readonly limits: WasmLimits;
  private readonly store: WasmModuleStore;
  private readonly compiler: ModuleCompiler;
  private readonly workers: WorkerSpawner | null;
  private readonly buffers: OutputBufferPool;

  constructor(deps: WasmRuntimeDeps, opts: WasmRuntimeOptions = {}) {
    this.limits = resolveLimits(opts);
    const workerFile = opts.workerFile ?? findWorkerFile();
    this.workers = workerFile
      ? new WorkerSpawner({ file: workerFile, resourceLimits: this.limits.resourceLimits, keepSpare: opts.keepSpareWorker ?? true })
      : null;
    this.compiler = new ModuleCompiler(this.limits.capPages);
    this.buffers = new OutputBufferPool(STDOUT_RING_BYTES, this.limits.maxStderrBytes);
    this.store = new WasmModuleStore({
      cacheDir: deps.cacheDir,
      maxBytes: this.limits.maxModuleBytes,
      downloadTimeoutMs: this.limits.downloadTimeoutMs,
      events: deps.events,
      log: deps.log,
    });
  }

  availability(): RuntimeAvailability {
    if (this.workers) return { available: true };
    return { available: false, reason: 'the WASM worker (wasm-worker.mjs) is missing from this installation' };
  }

  timeoutSeconds(): number {
    return this.limits.timeoutSeconds;
  }

  async run(ctx: JobContext): Promise<RuntimeResult> {
    const { job, signal, log } = ctx;
    if (!this.workers) return failed('WASM runtime unavailable: its worker file is missing');
    const url = checkWasmUrl(job.wasm_url);
    if (!url.ok) return failed(url.error);
    const hash = checkWasmHash(job.wasm_hash);
    if (!hash.ok) return failed(hash.error);

    let source: ModuleBytes;
    try {
      source = await this.store.obtain(job.wasm_url!, url.value, hash.value, signal);
    } catch (err) {
      if (signal.aborted) return ABORTED;
      return failed(`Failed to download/cache WASM module: ${errorMessage(err)}`);
    }
    let prepared: PreparedModule;
    const compileStart = performance.now();
    try {
      prepared = await this.compiler.prepare(source.bytes, source.sha256);
    } catch (err) {
      return failed(err instanceof WasmModuleError ? err.message : `Invalid WASM module: ${errorMessage(err)}`);
    }
    if (signal.aborted) return ABORTED;
    ctx.prepared();
    log.info('running WASM module', {
      sha256: source.sha256,
      from: source.from,
      prepare_ms: Math.round(performance.now() - compileStart),
      max_memory_pages: prepared.maxPages,
    });
    return this.execute(ctx, prepared, this.workers);
  }

  async close(): Promise<void> {
    this.store.close();
    this.compiler.clear();
    await this.workers?.close();
  }

  private async execute(ctx: JobContext, prepared: PreparedModule, workers: WorkerSpawner): Promise<RuntimeResult> {
    const { job, signal, emit, log } = ctx;
    const output = new WasmOutput(emit, log, this.limits.maxStdoutBytes);
    const buffers = this.buffers.take();
    // Back to the pool when both are done with it: the worker (gone) and this job (stderr read).
    let users = 2;
    const release = () => {
      if (--users === 0) this.buffers.give(buffers);
    };
    const outcome = await runInWorker({
      spawn: () => workers.take(),
      request: {
        module: prepared.module,
        memoryImport: prepared.memoryImport,
        stdin: encoder.encode(JSON.stringify(job.input ?? null)),
        programName: PROGRAM_NAME,
        maxStdoutBytes: this.limits.maxStdoutBytes,
        stdoutRing: buffers.stdoutRing,
        stderrBuffer: buffers.stderrBuffer,
      },
      onWorkerGone: release,
      signal,
      cpuBudgetMs: this.limits.cpuTimeLimitMs,
      cpuPollMs: this.limits.cpuPollMs,
      onStdout: (data) => output.push(data),
      log,
    });
    if (outcome.kind !== 'aborted') output.end();
    const stderr = readStderr(buffers.stderrBuffer);
    release();
    if (stderr.text || stderr.dropped) log.debug('wasm module stderr', { text: stderr.text, ...(stderr.dropped ? { dropped_bytes: stderr.dropped } : {}) });
    if (output.ignoredLines > 0) log.debug('wasm output lines ignored', { count: output.ignoredLines });
    if (outcome.kind !== 'exit' && outcome.kind !== 'aborted') log.warn('wasm module stopped', { ...outcome });
    workers.prepareSpare();
    return resultOf(outcome);
  }
}

