// The GGUF inference process's entry: dist/gguf-worker.mjs bundled, gguf-worker.ts from source.
import { findWorkerEntry, workerEntryFor, type WorkerEntry } from '../worker-entry';

export type WorkerCommand = WorkerEntry;

export function findWorkerCommand(fromUrl: string = import.meta.url): WorkerCommand | null {
  return findWorkerEntry('gguf-worker', fromUrl);
}

export const workerCommandFor = workerEntryFor;
