// The Preloader as the config and the hardware ask for it: `[preload]`, `[coordinator] api_url`,
// RAM and VRAM from the capabilities the Island registered with, and the native runtimes this
// build has.
import type { IslandConfig } from '../../../../src-shared/config/schema';
import { selectStarterModels, type NativeRuntime } from '../../../../src-shared/domain/models/starter-set';
import type { HostCapabilities } from '../../../../src-shared/protocol/messages';
import type { Logger } from '../../log/logger';
import { Preloader, type PreloadCache } from './preloader';
import type { RecommendationsPollOptions } from './recommendations-poll';

export interface PreloaderContext {
  config: IslandConfig;
  capabilities: Pick<HostCapabilities, 'ram_mb' | 'gpu_vram_mb'>;
  hostId: string;
  cache: PreloadCache;
  log: Logger;
  /** The native runtimes of this build (gguf and onnx; no diffusers). */
  runtimes: readonly NativeRuntime[];
  /** Poll timing overrides, for tests. */
  poll?: Partial<Omit<RecommendationsPollOptions, 'apiUrl' | 'hostId'>>;
}

export function createPreloader(ctx: PreloaderContext): Preloader {
  const { config } = ctx;
  const apiUrl = config.coordinator.api_url;
  return new Preloader({
    cache: ctx.cache,
    log: ctx.log,
    enabled: config.preload.enabled,
    starter: selectStarterModels(ctx.capabilities.ram_mb, ctx.capabilities.gpu_vram_mb, config.preload, ctx.runtimes),
    poll: apiUrl ? { apiUrl, hostId: ctx.hostId, ...ctx.poll } : null,
  });
}
