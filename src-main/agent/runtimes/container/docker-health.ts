// Whether Docker can take a job right now. The Island keeps running WASM without Docker and picks
// containers up again when dockerd comes back, without a restart: while Docker is down it is
// pinged with backoff, while up it is pinged slowly, and a job that fails to reach it asks for
// an immediate re-check. Every change is reported (heartbeat `supported_runtimes`, log, UI).
import type Docker from 'dockerode';
import { Backoff } from '../../../../src-shared/domain/backoff';
import type { RuntimeAvailability } from '../../jobs/runtime';
import type { Logger } from '../../log/logger';
import type { RuntimeEventSink } from '../runtime-events';

export interface DockerFacts {
  serverVersion: string;
  /** Docker knows an NVIDIA runtime (nvidia-container-toolkit): GPU device requests can work. */
  nvidiaRuntime: boolean;
  runtimes: string[];
}

export interface DockerHealthOptions {
  docker: Docker;
  /** Where the engine is, for messages. */
  endpoint: string;
  log: Logger;
  events: RuntimeEventSink;
  pingTimeoutMs?: number;
  /** Ping period while Docker is up (notices it going away between jobs). */
  upIntervalMs?: number;
  /** Backoff while Docker is down. */
  downInitialMs?: number;
  downMaxMs?: number;
  /** Set when the configured address is unusable: Docker is reported unavailable for this reason. */
  problem?: string;
  /** Called on every transition to available (after the first check too): orphan cleanup, image scan. */
  onAvailable?: (facts: DockerFacts) => void;
}

const NOT_CHECKED: RuntimeAvailability = { available: false, reason: 'Docker has not been checked yet' };

export class DockerHealth {
  private state: RuntimeAvailability = NOT_CHECKED;
  private known = false;
  private current: DockerFacts | null = null;
  private inFlight: Promise<boolean> | null = null;
  private timer: NodeJS.Timeout | undefined;
  private running = false;
  private readonly backoff: Backoff;

  constructor(private readonly opts: DockerHealthOptions) {
    this.backoff = new Backoff({ initialMs: opts.downInitialMs ?? 1_000, maxMs: opts.downMaxMs ?? 30_000 });
  }

  availability(): RuntimeAvailability {
    return this.state;
  }

  get available(): boolean {
    return this.state.available;
  }

  /** What `docker info` said at the last successful check. */
  get facts(): DockerFacts | null {
    return this.current;
  }

  /** Starts the polling loop (the first check should already have run). */
  start(): void {
    this.running = true;
    this.schedule();
  }

  stop(): void {
    this.running = false;
    clearTimeout(this.timer);
  }

  /** A job could not reach Docker: check now rather than at the next tick. */
  reportFailure(): void {
    void this.check();
  }

  /** Probes Docker once (concurrent callers share the probe); true when it answered. */
  check(): Promise<boolean> {
    this.inFlight ??= this.probe().finally(() => {
      this.inFlight = null;
      this.schedule();
    });
    return this.inFlight;
  }

  private async probe(): Promise<boolean> {
    const { docker, problem } = this.opts;
    if (problem) {
      this.set({ available: false, reason: `Docker is not available: ${problem}` });
      return false;
    }
    try {
      await withTimeout(docker.ping(), this.opts.pingTimeoutMs ?? 3_000, 'Docker did not answer a ping');
      const info = (await withTimeout(docker.info(), this.opts.pingTimeoutMs ?? 3_000, 'Docker did not answer `docker info`')) as {
        ServerVersion?: string;
        Runtimes?: Record<string, unknown>;
      };
      const runtimes = Object.keys(info.Runtimes ?? {});
      this.current = { serverVersion: info.ServerVersion ?? 'unknown', runtimes, nvidiaRuntime: runtimes.some((r) => r.includes('nvidia')) };
      this.set({ available: true });
      return true;
    } catch (err) {
      this.set({ available: false, reason: unavailableReason(err, this.opts.endpoint) });
      return false;
    }
  }

  private set(next: RuntimeAvailability): void {
    const changed = !this.known || next.available !== this.state.available;
    this.known = true;
    this.state = next;
    if (!changed) return;
    const { log, events } = this.opts;
    if (next.available) {
      this.backoff.reset();
      log.info('Docker is available: container Cargos can run', {
        endpoint: this.opts.endpoint,
        server_version: this.current?.serverVersion,
        nvidia_runtime: this.current?.nvidiaRuntime,
      });
      events({ type: 'availability', runtime: 'container', available: true });
      if (this.current) this.opts.onAvailable?.(this.current);
    } else {
      log.warn(`${next.reason}; WASM Cargos still run, and container Cargos resume when Docker answers again`, { endpoint: this.opts.endpoint });
      events({ type: 'availability', runtime: 'container', available: false, reason: next.reason });
    }
  }

  private schedule(): void {
    clearTimeout(this.timer);
    if (!this.running) return;
    const delay = this.state.available ? (this.opts.upIntervalMs ?? 30_000) : this.backoff.next();
    this.timer = setTimeout(() => void this.check(), delay);
    this.timer.unref();
  }
}

/** Why Docker cannot be used, in words an owner can act on. */
export function unavailableReason(err: unknown, endpoint: string): string {
  const e = err as NodeJS.ErrnoException & { statusCode?: number };
  switch (e?.code) {
    case 'ENOENT':
      return `Docker is not available: no Docker engine at ${endpoint} (is Docker installed and running?)`;
    case 'ECONNREFUSED':
      return `Docker is not available: nothing is listening at ${endpoint} (is the Docker engine running?)`;
    case 'EACCES':
      return `Docker is not available: permission denied on ${endpoint} (add this user to the "docker" group)`;
    default:
      return `Docker is not available at ${endpoint}: ${e instanceof Error ? e.message : String(err)}`;
  }
}

async function withTimeout<T>(p: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([p, new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`${message} within ${ms} ms`)), ms)))]);
  } finally {
    clearTimeout(timer);
  }
}
