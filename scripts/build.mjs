// Bundles the Node entry points with esbuild. Dependencies stay external (native modules, workers).
import { build } from 'esbuild';
import { readFileSync } from 'node:fs';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
const started = performance.now();
await build({
  entryPoints: { cli: 'src-main/cli.ts' },
  outdir: 'dist',
  outExtension: { '.js': '.mjs' },
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node22',
  packages: 'external',
  sourcemap: true,
  define: { __ISLAND_VERSION__: JSON.stringify(pkg.version) },
  logLevel: 'warning',
});
console.log(`built dist/ in ${Math.round(performance.now() - started)} ms`);
