// Entry of the agent's Electron utility process (bundled to dist/agent-utility.mjs beside the
// runtime workers): the Island with its dashboard API, spoken over `process.parentPort` instead of
// the headless WebSocket. Main starts it, restarts it after a crash, and asks it to drain on quit.
import { knownCargos } from '../../src-shared/domain/catalog/index';
import { IslandApiService } from './api/api-service';
import { runUtilityAgent } from './utility/run-utility-agent';
import type { ParentPortLike } from './utility/utility-host';

const port = (process as unknown as { parentPort?: ParentPortLike }).parentPort;
if (!port) {
  console.error('agent-utility must be started by the Island desktop app (an Electron utility process); use `island --agent` to run headless');
  process.exit(2);
}

void runUtilityAgent({
  port,
  createApi: (ctx) => {
    const service = new IslandApiService({
      island: ctx.island,
      config: ctx.loaded.config,
      configPath: ctx.loaded.path,
      log: ctx.log.child('api'),
      logs: ctx.logs,
      diskPath: ctx.paths.home,
      catalog: () => knownCargos().map((c) => ({ slug: c.slug, name: c.name, runtime: c.runtimeType })),
      ...ctx.storage,
    });
    return { handleFrame: (raw) => service.handle(raw), subscribe: (fn) => service.subscribe(fn) };
  },
});
