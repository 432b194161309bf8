// Starts the job workers. Booting a worker thread (a V8 isolate and Node's bootstrap) takes
// ~50 ms, most of a small module's time to first output, so once a job has run, one booted
// spare waits for the next. Each worker still runs exactly one job: a spare has
// never run anything, and no state passes from one job to the next.
import { Worker, type ResourceLimits } from 'node:worker_threads';
import type { WorkerMessage } from './worker-protocol';

export interface BootedWorker {
  worker: Worker;
  /** Its kernel thread id (Linux), for the CPU-time fallback. */
  tid: number | null;
}

export interface WorkerSpawnerOptions {
  file: string;
  resourceLimits: ResourceLimits;
  /** Keep a booted spare between jobs (default true). */
  keepSpare?: boolean;
}

export class WorkerSpawner {
  private spare: Promise<BootedWorker> | null = null;
  private closed = false;

  constructor(private readonly opts: WorkerSpawnerOptions) {}

  /** A booted worker for one job: the spare if one is ready and alive, else a new one. */
  async take(): Promise<BootedWorker> {
    const spare = this.spare;
    this.spare = null;
    const ready = spare ? await spare.catch(() => null) : null;
    const booted = ready && ready.worker.threadId >= 0 ? ready : await this.boot();
    booted.worker.ref();
    return booted;
  }

  /**
   * Boots a spare if there is none. Called when a job ends rather than when one starts, so the
   * boot never competes with a running module for the CPU.
   */
  prepareSpare(): void {
    if (this.opts.keepSpare === false || this.closed || this.spare) return;
    this.spare = this.boot();
    // A spare that failed to boot is replaced by the job that finds it.
    this.spare.catch(() => undefined);
  }

  async close(): Promise<void> {
    this.closed = true;
    const spare = this.spare;
    this.spare = null;
    const booted = await spare?.catch(() => null);
    await booted?.worker.terminate();
  }

  private boot(): Promise<BootedWorker> {
    const worker = new Worker(this.opts.file, {
      name: 'wasm-job',
      resourceLimits: this.opts.resourceLimits,
      env: {},
      // Not the parent's flags: a loader such as tsx would boot again in every job's thread
      // (~100 ms). The worker file needs none (bundled .mjs, or .ts that Node strips itself).
      execArgv: [],
      // The thread's own console and warnings (Node's "WASI is experimental") go to the job's log.
      stdout: true,
      stderr: true,
    });
    // An idle spare must not keep the Island's process alive.
    worker.unref();
    return new Promise((resolve, reject) => {
      const onMessage = (m: WorkerMessage) => {
        if (m.type !== 'thread') return;
        cleanup();
        resolve({ worker, tid: m.tid });
      };
      const onError = (err: Error) => {
        cleanup();
        reject(new Error(`WASM worker failed to start: ${err.message}`));
      };
      const onExit = (code: number) => onError(new Error(`it exited with code ${code}`));
      const cleanup = () => {
        worker.off('message', onMessage);
        worker.off('error', onError);
        worker.off('exit', onExit);
      };
      worker.on('message', onMessage);
      worker.on('error', onError);
      worker.on('exit', onExit);
    });
  }
}
