// Pulls through the Docker Engine, one pull per reference at a time: jobs that need the same image
// while it is being pulled wait for that pull instead of starting another. A job that is cancelled
// stops waiting at once; the pull itself is aborted only when no job is waiting for it any more.
import type Dockerode from 'dockerode';
import type { Logger } from '../../log/logger';
import type { RuntimeEventSink } from '../runtime-events';
import { PullProgress, pullStreamError, Throttle, type DockerPullMessage } from './pull-progress';

export interface PullRequest {
  /** `repository:tag` or `repository@sha256:…`: the key for sharing, and the image in events. */
  ref: string;
  repository: string;
  /** A tag or a digest; never empty (an empty tag makes Docker pull every tag, quirk 19). */
  tagOrDigest: string;
  auth?: Dockerode.AuthConfig;
}

export class PullAbortedError extends Error {
  override readonly name = 'AbortError';
}

interface SharedPull {
  done: Promise<void>;
  controller: AbortController;
  waiters: number;
}

export const PROGRESS_INTERVAL_MS = 250;

export class DockerPuller {
  private readonly inflight = new Map<string, SharedPull>();

  constructor(
    private readonly docker: Dockerode,
    private readonly events: RuntimeEventSink,
    private readonly log: Logger,
  ) {}

  /** Resolves when the image is local; rejects with Docker's reason, or PullAbortedError on `signal`. */
  pull(req: PullRequest, signal: AbortSignal): Promise<void> {
    let shared = this.inflight.get(req.ref);
    if (!shared) {
      const controller = new AbortController();
      const created: SharedPull = { done: Promise.resolve(), controller, waiters: 0 };
      created.done = this.run(req, controller.signal).finally(() => this.forget(req.ref, created));
      // Waiters attach their own handlers; this keeps an abandoned pull's rejection from going unhandled.
      created.done.catch(() => undefined);
      this.inflight.set(req.ref, created);
      shared = created;
    } else {
      this.log.debug('joining a pull already under way', { image: req.ref });
    }
    return this.wait(req.ref, shared, signal);
  }

  private forget(ref: string, shared: SharedPull): void {
    if (this.inflight.get(ref) === shared) this.inflight.delete(ref);
  }

  private wait(ref: string, shared: SharedPull, signal: AbortSignal): Promise<void> {
    shared.waiters++;
    return new Promise<void>((resolve, reject) => {
      let left = false;
      const leave = (): void => {
        if (left) return;
        left = true;
        signal.removeEventListener('abort', onAbort);
        if (--shared.waiters === 0) {
          // Nobody wants it any more; a job that asks again starts a fresh pull.
          this.forget(ref, shared);
          shared.controller.abort();
        }
      };
      const onAbort = (): void => {
        leave();
        reject(new PullAbortedError('image pull abandoned: the job was aborted'));
      };
      if (signal.aborted) return onAbort();
      signal.addEventListener('abort', onAbort, { once: true });
      shared.done.then(
        () => {
          if (!left) {
            left = true;
            signal.removeEventListener('abort', onAbort);
            shared.waiters--;
          }
          resolve();
        },
        (err: unknown) => {
          if (!left) {
            left = true;
            signal.removeEventListener('abort', onAbort);
            shared.waiters--;
          }
          reject(err);
        },
      );
    });
  }

  private async run(req: PullRequest, signal: AbortSignal): Promise<void> {
    const progress = new PullProgress();
    const emitProgress = (): void => this.events({ type: 'image-pull', image: req.ref, phase: 'progress', ...progress.bytes() });
    const throttle = new Throttle(PROGRESS_INTERVAL_MS, emitProgress);
    const started = Date.now();
    this.events({ type: 'image-pull', image: req.ref, phase: 'started' });
    this.log.info('pulling image', { image: req.ref, auth: req.auth ? 'configured login' : 'anonymous' });
    try {
      const stream = await this.docker.createImage(req.auth, { fromImage: req.repository, tag: req.tagOrDigest, abortSignal: signal });
      await follow(this.docker, stream, signal, (msg) => {
        if (progress.add(msg)) throttle.request();
      });
      throttle.cancel();
      this.events({ type: 'image-pull', image: req.ref, phase: 'done', ...progress.bytes() });
      this.log.info('pulled image', { image: req.ref, ms: Date.now() - started, bytes: progress.bytes().currentBytes });
    } catch (err) {
      throttle.cancel();
      const aborted = signal.aborted;
      const error = aborted ? 'pull aborted' : (err as Error).message;
      this.events({ type: 'image-pull', image: req.ref, phase: 'failed', ...progress.bytes(), error });
      this.log.warn('image pull failed', { image: req.ref, error });
      throw aborted ? new PullAbortedError('image pull aborted') : err;
    }
  }
}

function follow(docker: Dockerode, stream: NodeJS.ReadableStream, signal: AbortSignal, onMessage: (msg: DockerPullMessage) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    let streamError: string | undefined;
    const onAbort = (): void => (stream as NodeJS.ReadableStream & { destroy(err?: Error): void }).destroy(new PullAbortedError('image pull aborted'));
    signal.addEventListener('abort', onAbort, { once: true });
    docker.modem.followProgress(
      stream,
      (err: Error | null) => {
        signal.removeEventListener('abort', onAbort);
        if (err) reject(err);
        else if (streamError !== undefined) reject(new Error(streamError));
        else if (signal.aborted) reject(new PullAbortedError('image pull aborted'));
        else resolve();
      },
      (msg: DockerPullMessage) => {
        const error = pullStreamError(msg);
        if (error !== undefined) streamError ??= error;
        else onMessage(msg);
      },
    );
  });
}
