// One container from create to removal (platform-notes §4): create, attach (hijacked, so stdin can
// be half-closed) and follow its events, write the input and close stdin, start, stream
// stdout/stderr as raw bytes, wait, inspect (OOM, exit code), force-remove. An abort (cancel,
// timeout, shutdown) SIGKILLs the container at whatever step it is in, and the container is removed
// before this returns, so a terminal status is never published while its container still exists.
// A container Docker stopped (the engine shutting down or restarting, `docker stop`) ends at once
// as `stopped`, whatever its exit code would have said (container-events.ts).
import type Docker from 'dockerode';
import type { Logger } from '../../log/logger';
import { ContainerEventWatch } from './container-events';
import { DockerFrameDemuxer, type FrameSink } from './docker-frames';
import { dockerMessage, isAlreadyGone, isDockerUnreachable } from './docker-errors';

export type ContainerExit =
  | { kind: 'exited'; exitCode: number; oomKilled: boolean }
  /** Something other than the Island signalled it (`signal`, e.g. `SIGTERM`): the job cannot finish. */
  | { kind: 'stopped'; signal: string }
  | { kind: 'aborted' };

export type ContainerPhase = 'create' | 'attach' | 'watch' | 'start' | 'run';

/** The container could not be created, attached, started or watched. */
export class ContainerRunError extends Error {
  override readonly name = 'ContainerRunError';
  constructor(
    readonly phase: ContainerPhase,
    readonly cause: unknown,
  ) {
    super(`${PHASE_TEXT[phase]}: ${dockerMessage(cause)}`);
  }

  get dockerUnreachable(): boolean {
    return isDockerUnreachable(this.cause);
  }
}

const PHASE_TEXT: Record<ContainerPhase, string> = {
  create: 'Container could not be created',
  attach: 'Could not attach to the container',
  watch: "Could not follow the container's events",
  start: 'Container could not be started',
  run: 'Lost contact with Docker while the container ran',
};

export interface ContainerRunOptions {
  docker: Docker;
  create: Docker.ContainerCreateOptions;
  /** Written as JSON plus one `\n`, then stdin is closed (§3.14). */
  input: unknown;
  signal: AbortSignal;
  stdout: FrameSink;
  stderr: FrameSink;
  log: Logger;
  /** A container that could not be removed (Docker went away): the caller retries later. */
  onLeftBehind?: (id: string) => void;
  /** How long output may still arrive after the container exited (default 2 s). */
  drainMs?: number;
  /** How long removal may take before it is left to onLeftBehind (default 10 s). */
  removeTimeoutMs?: number;
  /** How long, after the container exited, its `die` event may take to arrive (default 2 s). */
  eventSettleMs?: number;
}

export async function runContainer(o: ContainerRunOptions): Promise<ContainerExit> {
  if (o.signal.aborted) return { kind: 'aborted' };
  let container: Docker.Container;
  try {
    container = await o.docker.createContainer(o.create);
  } catch (err) {
    throw new ContainerRunError('create', err);
  }
  let stream: NodeJS.ReadWriteStream | null = null;
  let watch: ContainerEventWatch | null = null;
  const onAbort = () => void kill(container, o.log);
  try {
    if (o.signal.aborted) return { kind: 'aborted' };
    // The event stream opens before start, so even a stop in the first instant is seen.
    const [attached, watched] = await Promise.allSettled([
      container.attach({ stream: true, stdin: true, stdout: true, stderr: true, hijack: true }),
      ContainerEventWatch.open(o.docker, container.id),
    ]);
    if (attached.status === 'fulfilled') stream = attached.value;
    if (watched.status === 'fulfilled') watch = watched.value;
    if (attached.status === 'rejected') throw new ContainerRunError('attach', attached.reason);
    if (watched.status === 'rejected') throw new ContainerRunError('watch', watched.reason);
    const out = attached.value;
    const events = watched.value;
    const drained = pipeOutput(out, new DockerFrameDemuxer(o.stdout, o.stderr), o.log);
    // Written before start, as the Rust Island does: the Cargo finds its whole input waiting.
    out.end(`${JSON.stringify(o.input) ?? 'null'}\n`);
    if (o.signal.aborted) return { kind: 'aborted' };
    o.signal.addEventListener('abort', onAbort, { once: true });
    try {
      await container.start();
    } catch (err) {
      if (o.signal.aborted) return { kind: 'aborted' };
      throw new ContainerRunError('start', err);
    }
    // An abort that came while start was in flight found nothing running to kill.
    if (o.signal.aborted) await kill(container, o.log);
    const end = await waitForEnd(container, drained, events);
    if (o.signal.aborted) return { kind: 'aborted' };
    // A kill reaches the event stream just before the die: once the die is in, every signal is known.
    if (end.kind === 'exited') await events.untilDied(o.eventSettleMs ?? 2_000);
    const foreign = events.foreignSignal;
    if (foreign !== null) return { kind: 'stopped', signal: foreign };
    if (end.kind === 'lost') throw new ContainerRunError('run', end.cause);
    await Promise.race([drained, delay(o.drainMs ?? 2_000)]);
    try {
      const info = await withTimeout(container.inspect(), REQUEST_TIMEOUT_MS);
      return { kind: 'exited', exitCode: info.State.ExitCode, oomKilled: info.State.OOMKilled === true };
    } catch (err) {
      throw new ContainerRunError('run', err);
    }
  } finally {
    o.signal.removeEventListener('abort', onAbort);
    watch?.close();
    (stream as { destroy?: () => void } | null)?.destroy?.();
    await remove(container, o);
  }
}

type Ending = { kind: 'exited' } | { kind: 'signalled' } | { kind: 'lost'; cause: unknown };

/**
 * Until the container has exited, been signalled from outside, or Docker went away. dockerode's
 * wait() never settles when the connection to Docker drops, so the event stream breaking counts,
 * and once the output stream has ended (the container exited, closed its stdout, or Docker went
 * away) the container is also inspected until it is seen stopped.
 */
async function waitForEnd(container: Docker.Container, drained: Promise<void>, events: ContainerEventWatch): Promise<Ending> {
  let settled = false;
  const waited = container.wait().then(() => ({ kind: 'exited' }) as const);
  const watched = drained.then(async () => {
    while (!settled) {
      await delay(WATCH_INTERVAL_MS);
      if (settled) break;
      const info = await withTimeout(container.inspect(), REQUEST_TIMEOUT_MS);
      if (!info.State.Running) break;
    }
    return { kind: 'exited' } as const;
  });
  try {
    return await Promise.race([
      waited,
      watched,
      events.signalled.then(() => ({ kind: 'signalled' }) as const),
      events.lost.then((cause) => ({ kind: 'lost', cause }) as const),
    ]);
  } catch (err) {
    return { kind: 'lost', cause: err };
  } finally {
    settled = true;
    waited.catch(() => undefined);
    watched.catch(() => undefined);
  }
}

function pipeOutput(stream: NodeJS.ReadWriteStream, demux: DockerFrameDemuxer, log: Logger): Promise<void> {
  return new Promise((resolve) => {
    stream.on('data', (chunk: Buffer) => demux.push(chunk));
    stream.once('end', () => resolve());
    stream.once('close', () => resolve());
    // EPIPE when the Cargo exits without reading its input: not an error of the job.
    stream.on('error', (err: Error) => {
      log.debug('container stream error', { error: err.message });
      resolve();
    });
  });
}

async function kill(container: Docker.Container, log: Logger): Promise<void> {
  try {
    await container.kill({ signal: 'SIGKILL' });
  } catch (err) {
    if (!isAlreadyGone(err)) log.warn(`could not kill container ${container.id}: ${dockerMessage(err)}`);
  }
}

async function remove(container: Docker.Container, o: ContainerRunOptions): Promise<void> {
  const attempt = container.remove({ force: true, v: true }).then(
    () => true,
    (err: unknown) => {
      if (isAlreadyGone(err)) return true;
      o.log.warn(`could not remove container ${container.id}: ${dockerMessage(err)}`);
      return false;
    },
  );
  const removed = await Promise.race([attempt, delay(o.removeTimeoutMs ?? 10_000).then(() => false)]);
  if (!removed) o.onLeftBehind?.(container.id);
}

const WATCH_INTERVAL_MS = 500;
const REQUEST_TIMEOUT_MS = 10_000;

async function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([p, new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`Docker did not answer within ${ms} ms`)), ms)))]);
  } finally {
    clearTimeout(timer);
  }
}

function delay(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms).unref());
}
