// The e2e tests drive the bundled Island (dist/cli.mjs) and the dashboard's web build
// (dist/renderer). `npm test` builds both first; a lone `vitest run --project e2e` on a fresh
// clone builds whatever is missing, and fails loudly if the build does.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';

export const REPO_ROOT = path.join(import.meta.dirname, '..', '..', '..');
export const RENDERER_DIR = path.join(REPO_ROOT, 'dist', 'renderer');

export function ensureBuilt(): void {
  if (!existsSync(path.join(REPO_ROOT, 'dist', 'cli.mjs'))) run('the Island bundle', [path.join(REPO_ROOT, 'scripts', 'build.mjs')]);
  if (!existsSync(path.join(RENDERER_DIR, 'index.html'))) run('the dashboard web build', [path.join(REPO_ROOT, 'node_modules', 'vite', 'bin', 'vite.js'), 'build']);
}

function run(what: string, args: string[]): void {
  const r = spawnSync(process.execPath, args, { cwd: REPO_ROOT, encoding: 'utf8', timeout: 120_000 });
  if (r.status !== 0) throw new Error(`building ${what} failed (exit ${r.status}):\n${r.stdout}\n${r.stderr}`);
}
