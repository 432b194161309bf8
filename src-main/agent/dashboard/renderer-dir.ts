// Where the dashboard's web build (vite → dist/renderer) is: next to the bundled CLI
// (dist/cli.mjs → dist/renderer), or in the checkout's dist/ when running from source.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export function rendererDirCandidates(from: string = path.dirname(fileURLToPath(import.meta.url))): string[] {
  const out = [path.join(from, 'renderer')];
  for (let dir = from, i = 0; i < 6; i++, dir = path.dirname(dir)) out.push(path.join(dir, 'dist', 'renderer'));
  return [...new Set(out)];
}

/** The first candidate with an index.html, or null. */
export function findRendererDir(candidates: readonly string[] = rendererDirCandidates()): string | null {
  return candidates.find((dir) => existsSync(path.join(dir, 'index.html'))) ?? null;
}
