// The reference coordinator: a small but real coordinator that speaks the Island protocol over a
// real nats-server and serves the owner-facing HTTP API. Integration tests, benchmarks and the demo
// drive an Island through it; its strict decoding and state checks are how we prove wire
// compatibility. The API is in types.ts, the HTTP shapes in api-types.ts, usage in ../README.md.
import { connect } from '@nats-io/transport-node';
import { systemClock } from './clock';
import { Coordinator } from './coordinator';
import { CoordinatorCore, coreConfig } from './core';
import { startHttpServer, type RunningHttpServer } from './http-server';
import { apiRoutes } from './http-routes';
import { subscribeInbound } from './inbound';
import { openJobsOutlet } from './jobs-stream';
import type { ReferenceCoordinator, ReferenceCoordinatorOptions } from './types';

export type * from './types';
export type * from './api-types';
export { API_PATHS } from './api-types';
export { manualClock, systemClock, type Clock, type ManualClock } from './clock';
export { ALREADY_PAIRED_ERROR, DEFAULT_PAIR_URL, PAIRING_ALPHABET, type PairingOptions } from './pairing';
export { UNSPECIFIED_SLUG } from './coordinator';

export async function startReferenceCoordinator(opts: ReferenceCoordinatorOptions): Promise<ReferenceCoordinator> {
  const clock = opts.clock ?? systemClock;
  const core = new CoordinatorCore(coreConfig(opts, clock));
  const nc = await connect({
    servers: opts.natsUrl,
    name: 'reference-coordinator',
    // Tests restart nats-server under us; keep trying, and quickly.
    maxReconnectAttempts: -1,
    reconnectTimeWait: 100,
  });
  let http: RunningHttpServer | null = null;
  try {
    const outlet = await openJobsOutlet(nc, opts.jobsStream ?? true);
    const subs = await subscribeInbound(nc, core, { resultStreams: opts.resultStreams ?? false });
    // The subscriptions must exist on the server before the caller starts an Island.
    await nc.flush();
    http = await startHttpServer(opts.httpPort ?? 0, apiRoutes(core), (method, path, status) => {
      core.httpRequests.push({ at: clock.now(), method, path, status });
      core.changed();
    });
    core.tick(); // first market snapshot at start, so history is never empty for known slugs
    const snapshotMs = opts.snapshotIntervalMs ?? 300_000;
    const timer = setInterval(() => core.tick(), Math.max(10, Math.min(1000, snapshotMs)));
    timer.unref();
    return new Coordinator(
      core,
      {
        natsUrl: opts.natsUrl,
        nc,
        subs,
        outlet,
        http,
        timer,
        defaultLeaseMs: opts.defaultLeaseMs ?? 60_000,
        waitTimeoutMs: opts.waitTimeoutMs ?? 10_000,
      },
      clock,
    );
  } catch (err) {
    await http?.close();
    await nc.close();
    throw err;
  }
}
