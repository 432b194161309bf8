// Bundles the Node entry points with esbuild. Pure-JS dependencies are bundled (start-up loads
// one file instead of hundreds: ~2× faster to the first heartbeat); modules with native parts
// or their own worker files stay external.
import { readdirSync } from 'node:fs';
import { build } from 'esbuild';
import { NODE_BUNDLE } from './esbuild-banner.mjs';

function runtimeWorkers() {
  const entries = {};
  for (const dir of readdirSync('src-main/agent/runtimes', { withFileTypes: true })) {
    if (!dir.isDirectory()) continue;
    for (const file of readdirSync(`src-main/agent/runtimes/${dir.name}`)) {
      if (file.endsWith('-worker.ts')) entries[file.slice(0, -3)] = `src-main/agent/runtimes/${dir.name}/${file}`;
    }
  }
  return entries;
}

const started = performance.now();
await build({
  // Each runtime's worker (`src-main/agent/runtimes/<name>/<name>-worker.ts`: the WASM worker
  // thread, the GGUF and ONNX child processes) is its own entry, started as dist/<name>-worker.mjs.
  entryPoints: { cli: 'src-main/cli.ts', ...runtimeWorkers() },
  outdir: 'dist',
  outExtension: { '.js': '.mjs' },
  ...NODE_BUNDLE,
  sourcemap: true,
});
console.log(`built dist/ in ${Math.round(performance.now() - started)} ms`);
