// Types for esbuild-banner.mjs, so TypeScript (bench/) can import it statically.
import type { BuildOptions } from 'esbuild';

export declare const ESM_REQUIRE_BANNER: { js: string };
export declare const EXTERNAL: string[];
export declare const NODE_BUNDLE: BuildOptions;
