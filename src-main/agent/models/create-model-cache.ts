// The model cache as the config asks for it: `[model_cache] cache_dir` (default
// `<home>/model-cache`), `max_cache_gb` (GiB, as the Rust Island counts them), and the Hugging
// Face token from the config or HF_TOKEN.
import { homedir } from 'node:os';
import type { IslandConfig } from '../../../src-shared/config/schema';
import type { RuntimeSettings } from '../config/runtime-settings';
import type { Logger } from '../log/logger';
import { resolveModelCacheDir, type IslandPaths } from '../paths';
import type { RuntimeEventSink } from '../runtimes/runtime-events';
import { ModelCache, type ModelCacheOptions } from './model-cache';
import { GIB } from './sizes';

export interface ModelCacheContext {
  config: IslandConfig;
  paths: IslandPaths;
  settings: Pick<RuntimeSettings, 'hfToken'>;
  log: Logger;
  events: RuntimeEventSink;
}

export function createModelCache(ctx: ModelCacheContext, overrides: Partial<ModelCacheOptions> = {}): ModelCache {
  return new ModelCache({
    dir: resolveModelCacheDir(ctx.config.model_cache.cache_dir, ctx.paths, homedir()),
    maxBytes: ctx.config.model_cache.max_cache_gb * GIB,
    hfToken: ctx.settings.hfToken,
    log: ctx.log,
    events: ctx.events,
    ...overrides,
  });
}
