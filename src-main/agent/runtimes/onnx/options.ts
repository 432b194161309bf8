// The ONNX runtime's settings. Defaults follow the Rust Island where it has one (min(cores, 4)
// intra-op threads) and are otherwise chosen so an idle Island gives its memory back.
import type { ProviderPreference } from '../../../../src-shared/domain/onnx/providers';

export interface OnnxRuntimeOptions {
  /** Wall-clock limit for running one job once its files are here (default 300 s). */
  timeoutSeconds?: number;
  /** Intra-op threads per session (default min(physical cores, 4)). */
  threads?: number;
  /** Execution providers: `auto` (CUDA when the host has it), `cpu` or `cuda` (default auto). */
  providers?: ProviderPreference;
  /** A model's inference process exits after this long without a job (default 10 min). */
  idleUnloadMs?: number;
  /** Models kept loaded at once; the least recently used idle one goes first (default 2). */
  maxLoadedModels?: number;
  /** A cancelled job still running after this long has its process killed (default 1 s). */
  cancelGraceMs?: number;
  /** Loading a model (process start + session) may take this long (default 120 s). */
  loadTimeoutMs?: number;
  /** A companion file (config.json, tokenizer_config.json) that was not found is not asked for again for this long (default 10 min). */
  missingSidecarTtlMs?: number;
  /** The inference process's entry file; found next to the bundle or the source when not given. */
  workerFile?: string;
}

export type OnnxLimits = Required<Omit<OnnxRuntimeOptions, 'threads' | 'workerFile'>> & { threads: number | undefined };

export function resolveOnnxOptions(opts: OnnxRuntimeOptions = {}): OnnxLimits {
  const positive = (name: string, v: number | undefined, fallback: number) => {
    const value = v ?? fallback;
    if (!Number.isFinite(value) || value <= 0) throw new RangeError(`ONNX option ${name} must be a positive number, got ${value}`);
    return value;
  };
  return {
    timeoutSeconds: positive('timeoutSeconds', opts.timeoutSeconds, 300),
    threads: opts.threads,
    providers: opts.providers ?? 'auto',
    idleUnloadMs: positive('idleUnloadMs', opts.idleUnloadMs, 10 * 60_000),
    maxLoadedModels: Math.floor(positive('maxLoadedModels', opts.maxLoadedModels, 2)),
    cancelGraceMs: positive('cancelGraceMs', opts.cancelGraceMs, 1_000),
    loadTimeoutMs: positive('loadTimeoutMs', opts.loadTimeoutMs, 120_000),
    missingSidecarTtlMs: positive('missingSidecarTtlMs', opts.missingSidecarTtlMs, 10 * 60_000),
  };
}
