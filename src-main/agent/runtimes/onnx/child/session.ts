// One model's onnxruntime session: created with the chosen execution providers (CUDA falls back
// to the CPU with the reason kept for the log), its inputs and outputs described, and run with
// plain typed arrays so the task code never touches onnxruntime's classes.
import path from 'node:path';
import type * as Ort from 'onnxruntime-node';
import { errorMessage } from '../../../../../src-shared/errors';
import type { TensorInfo } from '../../../../../src-shared/domain/onnx/model-io';
import type { ExecutionProvider } from '../../../../../src-shared/domain/onnx/providers';

export type OrtModule = typeof Ort;

export type FeedTensor =
  | { type: 'int64'; data: BigInt64Array; dims: number[] }
  | { type: 'int32'; data: Int32Array; dims: number[] }
  | { type: 'float32'; data: Float32Array; dims: number[] };

export interface OutputTensor {
  /** Numeric outputs as numbers, whatever their element type (int64 included). */
  data: ArrayLike<number>;
  dims: number[];
}

export interface ModelSession {
  readonly inputs: TensorInfo[];
  readonly outputs: TensorInfo[];
  readonly provider: ExecutionProvider;
  /** Why the first provider asked for could not be used, or null. */
  readonly fallback: string | null;
  run(feeds: Record<string, FeedTensor>): Promise<Record<string, OutputTensor>>;
}

/** A model file onnxruntime could not load: the job fails, the file is named. */
export class ModelLoadError extends Error {
  override name = 'ModelLoadError';
}

function describe(list: readonly Ort.InferenceSession.ValueMetadata[]): TensorInfo[] {
  return list.map((m) => (m.isTensor ? { name: m.name, type: m.type, dims: [...m.shape] } : { name: m.name, type: 'non-tensor', dims: [] }));
}

function numbers(data: unknown): ArrayLike<number> {
  if (data instanceof BigInt64Array || data instanceof BigUint64Array) return Float64Array.from(data, (v) => Number(v));
  if (ArrayBuffer.isView(data) && !(data instanceof DataView)) return data as unknown as ArrayLike<number>;
  throw new Error('the model produced a non-numeric output');
}

export async function openSession(ort: OrtModule, modelPath: string, providers: ExecutionProvider[], threads: number): Promise<ModelSession> {
  const options = (eps: ExecutionProvider[]): Ort.InferenceSession.SessionOptions => ({
    executionProviders: eps,
    intraOpNumThreads: threads,
    interOpNumThreads: 1,
    executionMode: 'sequential',
    graphOptimizationLevel: 'all',
    // onnxruntime's own warnings go to stderr, which the Island logs at debug level.
    logSeverityLevel: 3,
    // Denormal floats are many times slower on x86 and change no result that matters. Idle
    // intra-op threads sleep instead of spinning: on an owner's desktop, a spinning pool burns a
    // core after every job and slows the Island's own process down.
    extra: { session: { set_denormal_as_zero: '1', intra_op: { allow_spinning: '0' } } },
  });
  let fallback: string | null = null;
  let session: Ort.InferenceSession;
  let provider = providers[0]!;
  try {
    session = await ort.InferenceSession.create(modelPath, options(providers));
  } catch (err) {
    const rest = providers.slice(1);
    if (provider !== 'cuda' || rest.length === 0) throw new ModelLoadError(`Failed to load ONNX model ${path.basename(modelPath)}: ${errorMessage(err)}`);
    fallback = `CUDA could not start (${errorMessage(err)}); running on the CPU`;
    provider = rest[0]!;
    try {
      session = await ort.InferenceSession.create(modelPath, options(rest));
    } catch (err2) {
      throw new ModelLoadError(`Failed to load ONNX model ${path.basename(modelPath)}: ${errorMessage(err2)}`);
    }
  }
  const inputs = describe(session.inputMetadata);
  const outputs = describe(session.outputMetadata);
  return {
    inputs,
    outputs,
    provider,
    fallback,
    async run(feeds) {
      const tensors: Record<string, Ort.Tensor> = {};
      for (const [name, f] of Object.entries(feeds)) tensors[name] = new ort.Tensor(f.type, f.data, f.dims);
      const result = await session.run(tensors);
      const out: Record<string, OutputTensor> = {};
      for (const [name, value] of Object.entries(result)) out[name] = { data: numbers(value.data), dims: [...value.dims] };
      return out;
    },
  };
}
