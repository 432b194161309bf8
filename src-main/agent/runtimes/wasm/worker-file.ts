// Where the worker's entry file is. Bundled, the agent is dist/cli.mjs and the build emits
// dist/wasm-worker.mjs beside it (second esbuild entry point); run from source (tsx, Vitest),
// it is wasm-worker.ts in this folder, which Node ≥ 22.18 loads by stripping its types.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { outsideAsar } from '../worker-entry';

const NAMES = ['wasm-worker.mjs', 'wasm-worker.ts'];

/** The worker file, or null when neither the bundled nor the source file is here. */
export function findWorkerFile(fromUrl: string = import.meta.url): string | null {
  const dir = path.dirname(fileURLToPath(fromUrl));
  for (const name of NAMES) {
    const file = path.join(dir, name);
    if (existsSync(file)) return outsideAsar(file);
  }
  return null;
}
