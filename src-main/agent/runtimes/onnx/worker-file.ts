// Where the inference process's entry is, and how to start it. Bundled, the agent is
// dist/cli.mjs and the build emits dist/onnx-worker.mjs beside it; from source (Vitest, tsx) it
// is onnx-worker.ts in this folder, which imports the project's extensionless modules, so it
// runs under tsx's loader rather than Node's own type stripping.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export interface WorkerEntry {
  file: string;
  /** Node flags for the child (never the parent's: a debugger or loader flag is not inherited). */
  execArgv: string[];
}

export function workerEntryFor(file: string, fromUrl: string = import.meta.url): WorkerEntry {
  if (!file.endsWith('.ts')) return { file, execArgv: [] };
  const tsx = pathToFileURL(createRequire(fromUrl).resolve('tsx')).href;
  return { file, execArgv: ['--import', tsx] };
}

/** The entry, or null when neither the bundled nor the source file is here. */
export function findWorkerEntry(fromUrl: string = import.meta.url): WorkerEntry | null {
  const dir = path.dirname(fileURLToPath(fromUrl));
  for (const name of ['onnx-worker.mjs', 'onnx-worker.ts']) {
    const file = path.join(dir, name);
    if (existsSync(file)) return workerEntryFor(file, fromUrl);
  }
  return null;
}
