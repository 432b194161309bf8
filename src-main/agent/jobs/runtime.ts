// What a Cargo runtime (container, WASM, GGUF, ONNX, ...) must provide to the job engine.
// The engine owns everything common to every runtime: admission, `started`, lease renewal,
// the per-job timeout, cancellation and the terminal status. A runtime only runs the Cargo and
// reports its output through the emitter, so it cannot get the wire rules wrong.
import type { AssignJob, CacheMetricsSnapshot, KnownRuntime } from '../../../src-shared/protocol/messages';
import type { GpuOffer } from '../availability/gpu-offer';
import type { Logger } from '../log/logger';

/** Why a job's AbortSignal fired. The engine turns it into the terminal status. */
export type AbortReason =
  | { kind: 'cancel'; reason?: string }
  | { kind: 'timeout'; limitSeconds: number; phase: 'prepare' | 'run' }
  | { kind: 'shutdown' };

export type RuntimeAvailability = { available: true } | { available: false; reason: string };

/** The result a runtime returns when the Cargo ran to its end (not aborted). */
export type RuntimeResult = { outcome: 'succeeded' } | { outcome: 'failed'; error: string };

export interface ImageOutput {
  data: string;
  format: string;
  width: number;
  height: number;
  seed?: number;
}

/** How a runtime streams a job's output. The engine applies the reference's `seq` rules. */
export interface JobEmitter {
  /** Publishes the `streaming` status the first time it is called; later calls do nothing. */
  streaming(): void;
  /** One output chunk (a token); `seq` advances. */
  token(text: string): void;
  /** The one final chunk (`is_final: true`) at the next `seq`; later output is refused. */
  final(chunk?: string): void;
  progress(step: number, total: number): void;
  image(image: ImageOutput): void;
  /** Tokens sent so far (for usage reports). */
  readonly tokensSent: number;
}

export interface JobContext {
  readonly job: AssignJob;
  /** Fires on cancel, timeout or shutdown; `signal.reason` is an AbortReason. */
  readonly signal: AbortSignal;
  readonly emit: JobEmitter;
  readonly log: Logger;
  /**
   * For a runtime that `preparesFirst`: the Cargo is ready (image pulled and verified, module
   * downloaded) and its own run starts now, so its timeout starts now. Until then a separate,
   * generous limit applies: a large image on a slow link must not use up the Cargo's run time.
   */
  prepared(): void;
}

export interface Runtime {
  readonly type: KnownRuntime;
  /** First token's `seq`: 1 for container and WASM Cargos, 0 for native runtimes (§12.2 item 3). */
  readonly seqBase: 0 | 1;
  availability(): RuntimeAvailability;
  /** Wall-clock limit for running this job's Cargo; the engine aborts the job when it passes. */
  timeoutSeconds(job: AssignJob): number;
  /** True when `run` fetches something first and calls `ctx.prepared()` once it has. */
  readonly preparesFirst?: boolean;
  run(ctx: JobContext): Promise<RuntimeResult>;
  /** Background work when the Island starts (remove orphans, pre-pull); must not throw. */
  start?(): Promise<void>;
  /** Releases resources when the Island stops. */
  close?(): Promise<void>;
  /** Heartbeat cache metrics (§3.3 `cache`), for the runtime that owns the image cache. */
  cacheMetrics?(): CacheMetricsSnapshot;
  /** Frees the GPU memory its loaded models hold (the owner paused to use the GPU). */
  unloadModels?(): Promise<void>;
  /** The GPUs the owner offers (told once at start): an excluded one must never reach a Cargo. */
  restrictGpus?(offer: GpuOffer): void;
}

export function abortReasonOf(signal: AbortSignal): AbortReason | null {
  if (!signal.aborted) return null;
  const r = signal.reason as Partial<AbortReason> | undefined;
  if (r && (r.kind === 'cancel' || r.kind === 'timeout' || r.kind === 'shutdown')) return r as AbortReason;
  return { kind: 'cancel' };
}
