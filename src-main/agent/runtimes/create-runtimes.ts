// The runtimes this build offers. Each is added by its own issue (containers and WASM, native
// GGUF and ONNX); a job for a runtime that is not here fails with a clear error (runtime-registry).
import type { IslandConfig } from '../../../src-shared/config/schema';
import type { Runtime } from '../jobs/runtime';
import type { Logger } from '../log/logger';
import type { IslandPaths } from '../paths';
import type { RuntimeSettings } from '../config/runtime-settings';
import type { RuntimeEventSink } from './runtime-events';

export interface RuntimeContext {
  config: IslandConfig;
  paths: IslandPaths;
  log: Logger;
  /** Environment-derived settings (DOCKER_HOST, HF token). */
  settings: RuntimeSettings;
  events: RuntimeEventSink;
}

export async function createRuntimes(_ctx: RuntimeContext): Promise<Runtime[]> {
  return [];
}
