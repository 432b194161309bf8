// The runtimes this build offers. A job for a runtime that is not here, or not available right
// now (Docker stopped), fails with a clear error (runtime-registry) and never falls through.
import type Dockerode from 'dockerode';
import type { IslandConfig } from '../../../src-shared/config/schema';
import type { RuntimeSettings } from '../config/runtime-settings';
import type { Runtime } from '../jobs/runtime';
import type { Logger } from '../log/logger';
import type { ModelStore } from '../models/model-store';
import type { IslandPaths } from '../paths';
import { createContainerRuntime, createDockerClient } from './container/index';
import { createGgufRuntime } from './gguf/index';
import type { CacheBook } from './images/cache-book';
import { createImageSupply } from './images/index';
import { createOnnxRuntime } from './onnx/index';
import type { RuntimeEventSink } from './runtime-events';
import { createWasmRuntime } from './wasm/index';

export interface RuntimeContext {
  config: IslandConfig;
  paths: IslandPaths;
  log: Logger;
  /** Environment-derived settings (DOCKER_HOST, HF token). */
  settings: RuntimeSettings;
  events: RuntimeEventSink;
  /** The model cache the native runtimes (GGUF, ONNX) fetch their models through. */
  models?: ModelStore;
  /** Hands the image cache to whoever shows it (the dashboard's storage page). */
  onImageCache?: (parts: { docker: Dockerode; book: CacheBook; persist: () => void }) => void;
}

export async function createRuntimes(ctx: RuntimeContext & { models: ModelStore }): Promise<Runtime[]> {
  // One Docker client for running containers and for getting their images.
  const docker = createDockerClient(ctx.settings.dockerHost);
  const supply = createImageSupply({
    docker,
    config: ctx.config,
    paths: ctx.paths,
    log: ctx.log.child('images'),
    events: ctx.events,
    settings: ctx.settings,
  });
  ctx.onImageCache?.(supply.cacheParts());
  // The container runtime starts and closes the image supply itself, once Docker answers.
  const container = await createContainerRuntime(ctx, { supply, docker });
  return [container, createWasmRuntime(ctx), createGgufRuntime(ctx), createOnnxRuntime(ctx)];
}
