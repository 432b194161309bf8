// A real WebSocket client for the headless dashboard (package `ws`): the typed ApiClient over it,
// every event recorded, and waits for an event. `probeDashboard` tries a connection with chosen
// headers and reports how the server answered (HTTP status, close code, or open).
// `startIslandWithDashboard` starts a real Island in-process with its real dashboard on a free port.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import WebSocket from 'ws';
import { LogRing } from '../../src-main/agent/api/log-ring';
import { loadConfig } from '../../src-main/agent/config/load-config';
import { startDashboard, type RunningDashboard, type StartDashboardOptions } from '../../src-main/agent/dashboard/start-dashboard';
import { Island, type IslandTimings } from '../../src-main/agent/island';
import type { Runtime } from '../../src-main/agent/jobs/runtime';
import { createLogger } from '../../src-main/agent/log/logger';
import { GpuProbe, type RunTool } from '../../src-main/agent/metrics/gpu-probe';
import { islandPaths, type IslandPaths } from '../../src-main/agent/paths';
import { parseLogFilter } from '../../src-shared/log-filter';
import { ApiClient, type ApiTransport } from '../../src-shared/api/client';
import type { ApiEvent, ApiEventOf, ApiEventType } from '../../src-shared/api/events';
import type { ServerFrame } from '../../src-shared/api/frames';
import { noNvidiaSmi } from './island-fixture';

export interface DashboardClient {
  api: ApiClient;
  ws: WebSocket;
  /** Every event received so far, in order. */
  events: ApiEvent[];
  /** Resolves with the first event of `type` (already received or still to come) that `match` accepts. */
  waitForEvent<T extends ApiEventType>(type: T, match?: (e: ApiEventOf<T>) => boolean, timeoutMs?: number): Promise<ApiEventOf<T>>;
  close(): Promise<void>;
}

export interface ConnectOptions {
  origin?: string;
  headers?: Record<string, string>;
  callTimeoutMs?: number;
}

/** `ws://127.0.0.1:<port>/api?token=…` from the dashboard's http URL. */
export function apiSocketUrl(dashboardUrl: string, token: string | null): string {
  const u = new URL('/api', dashboardUrl);
  u.protocol = 'ws:';
  if (token !== null) u.searchParams.set('token', token);
  return u.toString();
}

export function wsTransport(ws: WebSocket): ApiTransport {
  return {
    send: (frame) => ws.send(JSON.stringify(frame)),
    onFrame: (fn) => {
      const listener = (data: WebSocket.RawData) => fn(JSON.parse(data.toString()) as ServerFrame);
      ws.on('message', listener);
      return () => ws.off('message', listener);
    },
    onClose: (fn) => {
      const listener = (code: number, reason: Buffer) => fn(`closed ${code} ${reason.toString()}`);
      ws.on('close', listener);
      return () => ws.off('close', listener);
    },
  };
}

export async function connectDashboard(dashboardUrl: string, token: string, opts: ConnectOptions = {}): Promise<DashboardClient> {
  const ws = new WebSocket(apiSocketUrl(dashboardUrl, token), { ...(opts.origin ? { origin: opts.origin } : {}), ...(opts.headers ? { headers: opts.headers } : {}) });
  const events: ApiEvent[] = [];
  const waiters = new Set<() => void>();
  ws.on('message', (data) => {
    const frame = JSON.parse(data.toString()) as ServerFrame;
    if (frame.kind !== 'event') return;
    events.push(frame.event);
    for (const w of [...waiters]) w();
  });
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
    ws.once('unexpected-response', (_req, res) => reject(new Error(`dashboard refused the connection: HTTP ${res.statusCode}`)));
  });
  const api = new ApiClient(wsTransport(ws), opts.callTimeoutMs ?? 10_000);
  return {
    api,
    ws,
    events,
    waitForEvent: (type, match = () => true, timeoutMs = 10_000) =>
      new Promise((resolve, reject) => {
        let seen = 0;
        const check = () => {
          for (; seen < events.length; seen++) {
            const e = events[seen]!;
            if (e.type === type && match(e as never)) {
              finish();
              resolve(e as never);
              return;
            }
          }
        };
        const timer = setTimeout(() => {
          finish();
          reject(new Error(`no '${type}' event that matches within ${timeoutMs} ms; got: ${events.map((e) => e.type).join(', ') || 'none'}`));
        }, timeoutMs);
        const finish = () => {
          clearTimeout(timer);
          waiters.delete(check);
        };
        waiters.add(check);
        check();
      }),
    close: () =>
      new Promise<void>((resolve) => {
        if (ws.readyState === ws.CLOSED) return resolve();
        ws.once('close', () => resolve());
        ws.close();
      }),
  };
}

export type ProbeResult = { kind: 'http'; status: number } | { kind: 'closed'; code: number; reason: string } | { kind: 'open' };

/**
 * Tries to open the API socket and reports what happened: refused at the HTTP upgrade, closed by
 * the server right after it (within `settleMs`), or still open.
 */
export function probeDashboard(url: string, opts: { origin?: string; headers?: Record<string, string>; settleMs?: number } = {}): Promise<ProbeResult> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { ...(opts.origin ? { origin: opts.origin } : {}), ...(opts.headers ? { headers: opts.headers } : {}) });
    ws.once('unexpected-response', (_req, res) => {
      resolve({ kind: 'http', status: res.statusCode ?? 0 });
      res.resume();
      ws.terminate();
    });
    ws.once('open', () => {
      const timer = setTimeout(() => {
        resolve({ kind: 'open' });
        ws.close();
      }, opts.settleMs ?? 300);
      ws.once('close', (code, reason) => {
        clearTimeout(timer);
        resolve({ kind: 'closed', code, reason: reason.toString() });
      });
    });
    ws.once('error', (err) => {
      if (!/Unexpected server response/.test(err.message)) reject(err);
    });
  });
}

// ---------------------------------------------------------------- a real Island with its dashboard

export interface IslandWithDashboard {
  island: Island;
  dashboard: RunningDashboard;
  home: string;
  paths: IslandPaths;
  /** The live log the dashboard serves (fed by a real logger). */
  logs: LogRing;
  hostId: string;
  cleanup(): Promise<void>;
}

export interface IslandWithDashboardOptions {
  natsUrl: string;
  /** The whole config.toml after [coordinator] nats_url (comments welcome: tests check they survive). */
  toml?: string;
  runtimes?: Runtime[];
  timings?: Partial<IslandTimings>;
  nvidiaSmi?: RunTool;
  /** Extra options for the API service (sampling interval, HTTP timeout, ...). */
  service?: StartDashboardOptions['service'];
  rendererDir?: string;
}

/**
 * A real Island in this process (like island-fixture's startIsland, but logging through the real
 * logger so the dashboard's live log is fed) with the real dashboard on a free port.
 */
export async function startIslandWithDashboard(opts: IslandWithDashboardOptions): Promise<IslandWithDashboard> {
  const home = mkdtempSync(path.join(tmpdir(), 'island-dash-'));
  const paths = islandPaths(home);
  writeFileSync(paths.config, `# the owner's note at the top\n[coordinator]\nnats_url = "${opts.natsUrl}"\n${opts.toml ?? ''}\n`);
  const { config, path: configPath } = loadConfig({ path: paths.config, explicit: true, env: {} });
  const logs = new LogRing();
  const log = createLogger({ filter: parseLogFilter('debug').filter, json: true, stream: new Writable({ write: (_c, _e, cb) => cb() }), onRecord: logs.push });
  const island = await Island.open({
    config,
    paths,
    log,
    runtimes: opts.runtimes ?? [],
    gpu: new GpuProbe({ run: opts.nvidiaSmi ?? noNvidiaSmi }),
    ...(opts.timings ? { timings: opts.timings } : {}),
  });
  island.start();
  const dashboard = await startDashboard({
    island,
    config,
    configPath,
    paths,
    log,
    logs,
    port: 0,
    ...(opts.rendererDir !== undefined ? { rendererDir: opts.rendererDir } : {}),
    ...(opts.service ? { service: opts.service } : {}),
  });
  return {
    island,
    dashboard,
    home,
    paths,
    logs,
    hostId: island.hostId,
    cleanup: async () => {
      await island.stop(1_000).catch(() => undefined);
      await dashboard.close();
      rmSync(home, { recursive: true, force: true });
    },
  };
}
