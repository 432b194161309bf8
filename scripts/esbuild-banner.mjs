// Bundled CommonJS dependencies use require(), __filename and __dirname; an ESM bundle gets them
// from this banner (shared by scripts/build.mjs, scripts/build-desktop.mjs and the soak's bundle).
export const ESM_REQUIRE_BANNER = {
  js: [
    "import { createRequire as __islandRequire } from 'node:module';",
    "import { fileURLToPath as __islandPath } from 'node:url';",
    'const require = __islandRequire(import.meta.url);',
    'const __filename = __islandPath(import.meta.url);',
    "const __dirname = __islandPath(new URL('.', import.meta.url));",
  ].join(' '),
};

/** Modules with native parts or their own worker files: never bundled. */
export const EXTERNAL = ['dockerode', 'node-llama-cpp', 'onnxruntime-node', 'electron'];

/** How every Node entry of the agent is bundled (the CLI, the runtime workers, bench/soak's Island). */
export const NODE_BUNDLE = {
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node22',
  external: EXTERNAL,
  banner: ESM_REQUIRE_BANNER,
  logLevel: 'warning',
};
