// Opening the agent: the runtime events hub, the model cache, the runtimes this build offers,
// and the Island over them, plus the caches the dashboard shows. The same for `island --agent`
// (headless.ts) and the desktop's utility process (utility/run-utility-agent.ts); each then owns
// its own lifecycle (signals, or main's drain request).
import { ImageCacheSource } from './api/image-cache-source';
import { ModelCacheSource } from './api/model-cache-source';
import type { CacheSource } from './api/cache-source';
import type { IslandAvailabilityOptions } from './availability/island-availability';
import type { Bootstrapped } from './bootstrap';
import { Island } from './island';
import type { Runtime } from './jobs/runtime';
import { createModelCache } from './models/create-model-cache';
import type { ModelCache } from './models/model-cache';
import { RuntimeEventHub } from './runtimes/runtime-events';
import { createRuntimes, type RuntimeContext } from './runtimes/create-runtimes';

const GIB = 1024 ** 3;

export interface OpenAgentOptions {
  /** Which runtimes to offer; the build's own by default (tests inject theirs). */
  runtimes?: ((ctx: RuntimeContext) => Promise<Runtime[]>) | undefined;
  /** Sensors for the availability policy (the desktop's idle time). */
  availability?: IslandAvailabilityOptions | undefined;
}

export interface OpenedAgent {
  island: Island;
  runtimes: Runtime[];
  runtimeEvents: RuntimeEventHub;
  models: ModelCache;
  /** What the dashboard's storage page lists and frees. */
  storage: { models: CacheSource; images?: CacheSource };
}

export async function openAgent(boot: Bootstrapped, opts: OpenAgentOptions = {}): Promise<OpenedAgent> {
  const { loaded, paths, log } = boot;
  const config = loaded.config;
  const runtimeEvents = new RuntimeEventHub();
  const models = createModelCache({ config, paths, settings: loaded.runtime, log: log.child('models'), events: runtimeEvents.emit });
  let images: CacheSource | undefined;
  const runtimes = await (opts.runtimes ?? createRuntimes)({
    config,
    paths,
    log: log.child('runtimes'),
    settings: loaded.runtime,
    events: runtimeEvents.emit,
    models,
    onImageCache: (parts) => (images = new ImageCacheSource({ ...parts, capBytes: config.cache.max_cache_gb * GIB, log: log.child('images') })),
  });
  const island = await Island.open({ config, paths, log, runtimes, runtimeEvents, models, ...(opts.availability ? { availability: opts.availability } : {}) });
  return { island, runtimes, runtimeEvents, models, storage: { models: new ModelCacheSource(models), ...(images ? { images } : {}) } };
}
