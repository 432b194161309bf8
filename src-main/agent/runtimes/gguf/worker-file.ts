// How to start the inference process. Bundled, the agent is dist/cli.mjs and the build emits
// dist/gguf-worker.mjs beside it; run from source (tsx, Vitest), it is gguf-worker.ts in this
// folder. Unlike the WASM worker, the source file imports the project's own modules (the shared
// protocol and prompt logic), which Node's type stripping cannot resolve without extensions, so
// it runs under tsx's loader. That costs ~150 ms per process start; an installed Island runs the
// bundle and pays nothing.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export interface WorkerCommand {
  file: string;
  execArgv: string[];
}

/** The worker and the Node flags it needs, or null when neither file is here (or tsx is missing for the source). */
export function findWorkerCommand(fromUrl: string = import.meta.url): WorkerCommand | null {
  const dir = path.dirname(fileURLToPath(fromUrl));
  const bundled = path.join(dir, 'gguf-worker.mjs');
  if (existsSync(bundled)) return { file: bundled, execArgv: [] };
  const source = path.join(dir, 'gguf-worker.ts');
  if (!existsSync(source)) return null;
  const loader = tsxLoader(fromUrl);
  return loader ? workerCommandFor(source, loader) : null;
}

/** The command for a given worker file (a test or bench may name the bundle explicitly). */
export function workerCommandFor(file: string, tsxLoaderUrl: string | null = null): WorkerCommand {
  if (!file.endsWith('.ts')) return { file, execArgv: [] };
  const loader = tsxLoaderUrl ?? tsxLoader(import.meta.url);
  if (!loader) throw new Error(`cannot run ${file}: the tsx loader is not installed (run the bundled dist/gguf-worker.mjs instead)`);
  return { file, execArgv: ['--import', loader] };
}

function tsxLoader(fromUrl: string): string | null {
  try {
    return pathToFileURL(createRequire(fromUrl).resolve('tsx')).href;
  } catch {
    return null;
  }
}
