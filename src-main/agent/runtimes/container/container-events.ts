// What Docker did to a job's container while it ran, from the engine's event stream. The Island
// sends its containers one signal only (SIGKILL, once the job is aborted), so a `kill` event for a
// job that was not aborted came from outside: the engine stopping its containers because it is
// shutting down or restarting (SIGTERM, then SIGKILL after the stop timeout), or `docker stop` /
// `docker kill`. Such a container's exit code says nothing about the job: a Cargo that traps
// SIGTERM and exits 0 would otherwise read as `succeeded` with half its output.
// The stream is also the surest sign of the engine itself going away: it breaks when dockerd
// exits, while dockerode's wait() on a dropped connection never settles.
import type Docker from 'dockerode';
import { signalName } from '../../../../src-shared/protocol/exit-codes';
import { DockerGoneError } from './docker-errors';

export interface ContainerEvent {
  action: string;
  /** The signal of a `kill` event, as Docker writes it (`15`, or a name). */
  signal?: string;
}

/** One line of `GET /events`; null for anything that is not a container event. */
export function readContainerEvent(line: string): ContainerEvent | null {
  let raw: unknown;
  try {
    raw = JSON.parse(line);
  } catch {
    return null;
  }
  if (typeof raw !== 'object' || raw === null) return null;
  const e = raw as { Type?: unknown; Action?: unknown; Actor?: { Attributes?: Record<string, unknown> } };
  if (e.Type !== 'container' || typeof e.Action !== 'string') return null;
  const signal = e.Actor?.Attributes?.signal;
  return typeof signal === 'string' && signal !== '' ? { action: e.Action, signal } : { action: e.Action };
}

/** `SIGTERM` for `15`, `SIGTERM` or `TERM`; an unknown number as `signal N`. */
export function describeSignal(signal: string): string {
  if (signal === '') return 'a signal';
  if (/^\d+$/.test(signal)) {
    const name = signalName(Number(signal));
    return name === 'unknown' ? `signal ${signal}` : name;
  }
  const upper = signal.toUpperCase();
  return upper.startsWith('SIG') ? upper : `SIG${upper}`;
}

export class ContainerEventWatch {
  private died = false;
  private closed = false;
  private broken = false;
  private foreign: string | null = null;
  private pending = '';
  private readonly waiters = new Set<() => void>();
  /** Resolves when the stream breaks (the engine went away); never rejects. */
  readonly lost: Promise<DockerGoneError>;
  /** Resolves with the first kill signal the Island did not send; never rejects. */
  readonly signalled: Promise<string>;
  private onLost!: (err: DockerGoneError) => void;
  private onSignalled!: (signal: string) => void;

  /** Opens the stream for one container; call it before the container starts, so no event is missed. */
  static async open(docker: Docker, containerId: string): Promise<ContainerEventWatch> {
    const stream = (await docker.getEvents({ filters: { container: [containerId], type: ['container'] } })) as NodeJS.ReadableStream;
    return new ContainerEventWatch(stream);
  }

  constructor(private readonly stream: NodeJS.ReadableStream) {
    this.lost = new Promise((resolve) => (this.onLost = resolve));
    this.signalled = new Promise((resolve) => (this.onSignalled = resolve));
    stream.on('data', (chunk: Buffer | string) => this.push(String(chunk)));
    const broke = (): void => this.break();
    stream.once('end', broke);
    stream.once('close', broke);
    stream.on('error', broke);
  }

  /**
   * A signal the Island did not send, or null. Meaningful only while the job has not been aborted:
   * an aborted job's own SIGKILL shows up here too.
   */
  get foreignSignal(): string | null {
    return this.foreign;
  }

  /** Until the `die` event is in (every kill before it is then known), the stream ends, or `ms` pass. */
  untilDied(ms: number): Promise<void> {
    if (this.died || this.broken || this.closed) return Promise.resolve();
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        this.waiters.delete(done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.waiters.add(done);
    });
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.wake();
    (this.stream as { destroy?: () => void }).destroy?.();
  }

  private push(text: string): void {
    this.pending += text;
    let nl: number;
    while ((nl = this.pending.indexOf('\n')) >= 0) {
      const event = readContainerEvent(this.pending.slice(0, nl));
      this.pending = this.pending.slice(nl + 1);
      if (event) this.note(event);
    }
  }

  private note(event: ContainerEvent): void {
    if (event.action === 'kill' && this.foreign === null) {
      this.foreign = describeSignal(event.signal ?? '');
      this.onSignalled(this.foreign);
    }
    if (event.action === 'die') {
      this.died = true;
      this.wake();
    }
  }

  private break(): void {
    if (this.closed || this.broken) return;
    this.broken = true;
    this.onLost(new DockerGoneError("the Docker engine closed the connection it sent the container's events on"));
    this.wake();
  }

  private wake(): void {
    for (const w of [...this.waiters]) w();
  }
}
