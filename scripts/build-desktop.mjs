// Bundles the desktop app's Node entry points with esbuild (run after scripts/build.mjs, which
// builds dist/cli.mjs and the runtime workers that the agent starts from dist/):
//   dist/desktop/main.cjs     Electron main (CommonJS; electron-updater and pino bundled in)
//   dist/desktop/preload.cjs  the dashboard's sandboxed preload (one self-contained CommonJS file:
//                             a sandboxed preload can require nothing but `electron`)
//   dist/agent-utility.mjs    the agent in Electron's utility process, beside the workers it starts
// `electron` is never bundled (Electron provides it); modules with native parts stay external and
// ship in node_modules (unpacked from the asar, see electron-builder.yml).
import { build } from 'esbuild';
import { ESM_REQUIRE_BANNER } from './esbuild-banner.mjs';

const NATIVE = ['dockerode', 'node-llama-cpp', 'onnxruntime-node'];
// Where to write (the packaging test builds into a staging folder); dist/ by default.
const OUT = process.env.ISLAND_DESKTOP_OUT ?? 'dist';
const started = performance.now();

const common = { bundle: true, platform: 'node', target: 'node22', sourcemap: true, logLevel: 'warning' };

await Promise.all([
  build({
    ...common,
    entryPoints: { main: 'src-main/desktop/main.ts' },
    outdir: `${OUT}/desktop`,
    outExtension: { '.js': '.cjs' },
    format: 'cjs',
    external: ['electron', ...NATIVE],
  }),
  build({
    ...common,
    entryPoints: { preload: 'src-main/desktop/preload.ts' },
    outdir: `${OUT}/desktop`,
    outExtension: { '.js': '.cjs' },
    format: 'cjs',
    target: 'chrome130',
    external: ['electron'],
  }),
  build({
    ...common,
    entryPoints: { 'agent-utility': 'src-main/agent/utility-entry.ts' },
    outdir: OUT,
    outExtension: { '.js': '.mjs' },
    format: 'esm',
    external: ['electron', ...NATIVE],
    banner: ESM_REQUIRE_BANNER,
  }),
]);
console.log(`built ${OUT}/desktop/ and ${OUT}/agent-utility.mjs in ${Math.round(performance.now() - started)} ms`);
