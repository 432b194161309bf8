// The GGUF runtime's settings. Defaults suit a desktop: a model stays loaded 10 minutes after its
// last job, one model at a time, two jobs at once per model (batched on one context).
import type { GgufGpu } from '../../../../src-shared/domain/gguf/gpu';

export interface GgufRuntimeOptions {
  /** Unload a model this long after its last job ended (default 10 min). */
  idleUnloadMs?: number;
  /** Models kept loaded at once; loading another unloads idle ones first (default 1). */
  maxLoadedModels?: number;
  /**
   * Jobs one loaded model runs at once, each on its own sequence of a shared context (its KV
   * cache grows with each); more wait their turn (default 2).
   */
  sequencesPerModel?: number;
  /** CPU threads for llama.cpp (default: the CPU's math cores less one; see threads.ts). */
  threads?: number;
  /** GPU backend (default: chosen from the platform and the devices present; see gpu.ts). */
  gpu?: GgufGpu;
  /** Wall-clock limit for a job once its model is loaded (default 600 s). */
  timeoutSeconds?: number;
  /** Limit for starting the inference process and loading a model (default 15 min). */
  loadTimeoutMs?: number;
  /** How long a cancelled generation may take to stop before its process is killed (default 5 s). */
  cancelGraceMs?: number;
  /** How long an unloading process may take to exit before it is killed (default 5 s). */
  unloadGraceMs?: number;
  /** The worker file; found next to the bundle or the source when not given. */
  workerFile?: string;
  /** The Node binary for the inference process (default: this process's). */
  execPath?: string;
}

export type GgufSettings = Required<Omit<GgufRuntimeOptions, 'threads' | 'gpu' | 'workerFile' | 'execPath'>> &
  Pick<GgufRuntimeOptions, 'threads' | 'gpu' | 'workerFile' | 'execPath'>;

function positiveInteger(name: string, value: number): number {
  if (!Number.isInteger(value) || value < 1) throw new RangeError(`GGUF runtime option ${name} must be a whole number of 1 or more, got ${value}`);
  return value;
}

export function resolveGgufOptions(opts: GgufRuntimeOptions = {}): GgufSettings {
  return {
    idleUnloadMs: positiveInteger('idleUnloadMs', opts.idleUnloadMs ?? 10 * 60_000),
    maxLoadedModels: positiveInteger('maxLoadedModels', opts.maxLoadedModels ?? 1),
    sequencesPerModel: positiveInteger('sequencesPerModel', opts.sequencesPerModel ?? 2),
    timeoutSeconds: positiveInteger('timeoutSeconds', opts.timeoutSeconds ?? 600),
    loadTimeoutMs: positiveInteger('loadTimeoutMs', opts.loadTimeoutMs ?? 15 * 60_000),
    cancelGraceMs: positiveInteger('cancelGraceMs', opts.cancelGraceMs ?? 5_000),
    unloadGraceMs: positiveInteger('unloadGraceMs', opts.unloadGraceMs ?? 5_000),
    ...(opts.threads === undefined ? {} : { threads: positiveInteger('threads', opts.threads) }),
    ...(opts.gpu === undefined ? {} : { gpu: opts.gpu }),
    ...(opts.workerFile === undefined ? {} : { workerFile: opts.workerFile }),
    ...(opts.execPath === undefined ? {} : { execPath: opts.execPath }),
  };
}
