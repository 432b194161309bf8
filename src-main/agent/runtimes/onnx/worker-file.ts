// The ONNX inference process's entry: dist/onnx-worker.mjs bundled, onnx-worker.ts from source.
import { findWorkerEntry as findEntry, workerEntryFor, type WorkerEntry } from '../worker-entry';

export type { WorkerEntry };
export { workerEntryFor };

export function findWorkerEntry(fromUrl: string = import.meta.url): WorkerEntry | null {
  return findEntry('onnx-worker', fromUrl);
}
