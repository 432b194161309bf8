// Everything one e2e test file needs, started for real: nats-server, the reference coordinator
// (with its HTTP API), an Island serving its dashboard, and Debian's Chromium. close() stops them
// in reverse order and never throws, so a failing test still cleans up.
import { randomUUID } from 'node:crypto';
import type { Browser } from 'playwright-core';
import { launchChromium } from '../../harness/browser';
import { startReferenceCoordinator } from '../../harness/coordinator/index';
import type { ReferenceCoordinator, ReferenceCoordinatorOptions } from '../../harness/coordinator/types';
import { startNatsServer, type NatsServerHandle } from '../../harness/nats-server';
import { ensureBuilt } from './build';
import { startInProcessIsland, type DashboardIsland, type InProcessIslandOptions } from './dashboard-island';
import { startIslandProcess, type IslandProcessOptions } from './island-process';

export type IslandChoice =
  | { kind: 'process'; command: IslandProcessOptions['command']; hostId?: string; toml?: string }
  | ({ kind: 'in-process' } & Omit<InProcessIslandOptions, 'natsUrl' | 'apiUrl'>);

export interface StackOptions {
  chromium: string;
  island: IslandChoice;
  coordinator?: Omit<ReferenceCoordinatorOptions, 'natsUrl'>;
}

export interface E2eStack {
  nats: NatsServerHandle;
  coord: ReferenceCoordinator;
  island: DashboardIsland;
  browser: Browser;
  close(): Promise<void>;
}

export async function startStack(o: StackOptions): Promise<E2eStack> {
  ensureBuilt();
  const closers: Array<() => Promise<unknown>> = [];
  const close = async () => {
    for (const c of closers.reverse()) await c().catch((err: unknown) => console.warn('e2e cleanup:', err));
  };
  try {
    const nats = await startNatsServer();
    closers.push(() => nats.stop());
    const coord = await startReferenceCoordinator({ natsUrl: nats.url, minutesPerJobMs: 1, ...o.coordinator });
    closers.push(() => coord.close());
    // Chromium starts while the Island does: both take seconds on a busy 2-core machine.
    const browserP = launchChromium(o.chromium);
    browserP.catch(() => undefined); // awaited below; this only keeps an early failure from going unhandled
    closers.push(async () => (await browserP).close());
    const island = await startIsland(o.island, nats.url, coord.httpUrl);
    closers.push(() => island.stop());
    await coord.waitForHeartbeats(island.hostId, 1, { timeoutMs: 30_000 });
    return { nats, coord, island, browser: await browserP, close };
  } catch (err) {
    await close();
    throw err;
  }
}

function startIsland(c: IslandChoice, natsUrl: string, apiUrl: string): Promise<DashboardIsland> {
  if (c.kind === 'in-process') {
    const { kind: _kind, ...rest } = c;
    return startInProcessIsland({ ...rest, natsUrl, apiUrl });
  }
  return startIslandProcess({
    command: c.command,
    natsUrl,
    apiUrl,
    hostId: c.hostId ?? `e2e-${randomUUID()}`,
    ...(c.toml !== undefined ? { toml: c.toml } : {}),
  });
}
