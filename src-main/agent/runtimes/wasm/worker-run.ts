// Runs one job's module in its own worker thread and watches it: output is handed on as it
// arrives, the thread's CPU time is checked against its budget, and cancel, timeout, shutdown,
// a budget overrun or the end of the module all terminate the thread, which frees its memory.
import type { Logger } from '../../log/logger';
import { createCpuMeter } from './cpu-meter';
import { StdoutRingReader } from './shared-output';
import type { RunRequest, WorkerMessage } from './worker-protocol';
import type { BootedWorker } from './worker-spawner';

export type WorkerOutcome =
  | { kind: 'exit'; code: number }
  | { kind: 'trap'; message: string }
  | { kind: 'error'; message: string }
  | { kind: 'output-limit'; limitBytes: number }
  | { kind: 'cpu-limit'; budgetMs: number; usedMs: number }
  /** The thread died: its heap limit, or a fault in the worker itself. */
  | { kind: 'crashed'; message: string }
  | { kind: 'aborted' };

export interface WorkerRunOptions {
  /** Where this job's worker comes from (a WorkerSpawner). */
  spawn(): Promise<BootedWorker>;
  request: RunRequest;
  signal: AbortSignal;
  cpuBudgetMs: number;
  cpuPollMs: number;
  /** stdout bytes in the order written (stderr stays in its shared buffer for the caller). */
  onStdout(data: Uint8Array): void;
  /** Called once no thread can touch the request's shared buffers any more (its worker terminated, or never got them). */
  onWorkerGone(): void;
  log: Logger;
}

let warnedNoCpuMeter = false;

export async function runInWorker(opts: WorkerRunOptions): Promise<WorkerOutcome> {
  const { signal } = opts;
  if (signal.aborted) return { kind: 'aborted' };
  const spawning = opts.spawn();
  const booted = await Promise.race([spawning, aborted(signal)]).catch((err: Error) => err);
  if (booted === null) {
    // Aborted while the thread booted: it is not needed any more.
    void spawning.then((b) => b.worker.terminate(), () => undefined);
    opts.onWorkerGone();
    return { kind: 'aborted' };
  }
  if (booted instanceof Error) {
    opts.onWorkerGone();
    return { kind: 'crashed', message: booted.message };
  }
  return watch(booted, opts);
}

function aborted(signal: AbortSignal): Promise<null> {
  return new Promise((resolve) => signal.addEventListener('abort', () => resolve(null), { once: true }));
}

function watch({ worker, tid }: BootedWorker, opts: WorkerRunOptions): Promise<WorkerOutcome> {
  const { signal, log } = opts;
  return new Promise((resolve) => {
    const meter = createCpuMeter(worker);
    meter.setThreadId(tid);
    if (meter.method === 'none' && !warnedNoCpuMeter) {
      warnedNoCpuMeter = true;
      log.warn("cannot measure a WASM worker's CPU time on this platform; only the wall-clock timeout applies");
    }
    const stdout = new StdoutRingReader(opts.request.stdoutRing);
    let done = false;
    let polling = false;

    const finish = (outcome: WorkerOutcome): void => {
      if (done) return;
      done = true;
      clearInterval(cpuTimer);
      signal.removeEventListener('abort', onAbort);
      worker.removeAllListeners('message');
      void worker.terminate().then(opts.onWorkerGone, opts.onWorkerGone);
      // What the module wrote before it ended still counts (an aborted job publishes nothing more).
      if (outcome.kind !== 'aborted') stdout.drain(opts.onStdout);
      resolve(outcome);
    };
    const onAbort = () => finish({ kind: 'aborted' });
    signal.addEventListener('abort', onAbort, { once: true });

    // A spare worker spent some CPU booting before it had a job: only the job's share counts.
    const atStart = meter.readMs();
    const cpuTimer = setInterval(() => {
      if (polling) return;
      polling = true;
      void Promise.all([atStart, meter.readMs()]).then(([start, now]) => {
        polling = false;
        const usedMs = now === null ? null : now - (start ?? 0);
        if (usedMs !== null && usedMs > opts.cpuBudgetMs) finish({ kind: 'cpu-limit', budgetMs: opts.cpuBudgetMs, usedMs });
      });
    }, opts.cpuPollMs);

    worker.on('message', (m: WorkerMessage) => {
      switch (m.type) {
        case 'thread':
          return;
        case 'stdout':
          return stdout.drain(opts.onStdout);
        case 'exit':
          return finish({ kind: 'exit', code: m.code });
        case 'trap':
          return finish({ kind: 'trap', message: m.message });
        case 'output-limit':
          return finish({ kind: 'output-limit', limitBytes: m.limitBytes });
        case 'error':
          return finish({ kind: 'error', message: m.message });
      }
    });
    worker.on('error', (err: Error & { code?: string }) => {
      const why = err.code === 'ERR_WORKER_OUT_OF_MEMORY' ? 'its JavaScript heap limit was reached' : err.message;
      finish({ kind: 'crashed', message: `WASM worker failed: ${why}` });
    });
    worker.on('exit', (code) => finish({ kind: 'crashed', message: `WASM worker stopped unexpectedly (exit code ${code})` }));
    worker.stdout.on('data', (chunk: Buffer) => log.debug('wasm worker stdout', { text: chunk.toString('utf8').trimEnd() }));
    worker.stderr.on('data', (chunk: Buffer) => log.debug('wasm worker stderr', { text: chunk.toString('utf8').trimEnd() }));

    worker.postMessage(opts.request);
  });
}
