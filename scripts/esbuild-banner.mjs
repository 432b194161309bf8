// Bundled CommonJS dependencies use require(), __filename and __dirname; an ESM bundle gets them
// from this banner (shared by scripts/build.mjs and scripts/build-desktop.mjs).
export const ESM_REQUIRE_BANNER = {
  js: [
    "import { createRequire as __islandRequire } from 'node:module';",
    "import { fileURLToPath as __islandPath } from 'node:url';",
    'const require = __islandRequire(import.meta.url);',
    'const __filename = __islandPath(import.meta.url);',
    "const __dirname = __islandPath(new URL('.', import.meta.url));",
  ].join(' '),
};
