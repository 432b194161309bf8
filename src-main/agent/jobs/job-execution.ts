// One job from `started` to its terminal status: lease renewal every 30 s for every runtime
// (the Rust Island renews only container and WASM jobs, §4.7), the per-job timeout, and the
// mapping of cancel / timeout / shutdown to the status the coordinator should see.
import type { AssignJob, TerminalJobState } from '../../../src-shared/protocol/messages';
import { errorMessage } from '../../../src-shared/errors';
import type { Logger } from '../log/logger';
import { SeqEmitter } from './emitter';
import type { JobReporter } from './reporter';
import { abortReasonOf, type AbortReason, type Runtime, type RuntimeResult } from './runtime';

export interface ExecutionSettings {
  leaseIntervalMs: number;
  leaseExtendSeconds: number;
  /** Limit for a runtime's preparation (pull, verify, download) before the Cargo runs. */
  prepareTimeoutSeconds: number;
  /** How long a runtime gets to wind down after its job was aborted before the engine reports anyway. */
  abortGraceMs: number;
}

export interface JobFinish {
  state: TerminalJobState;
  error?: string;
  tokens: number;
  durationMs: number;
}

export const SHUTDOWN_ERROR = 'Island shut down before the job finished';

function timeoutError(limitSeconds: number, phase: 'prepare' | 'run' = 'run'): string {
  return phase === 'prepare'
    ? `Timeout: preparing the Cargo (image or module) took longer than ${limitSeconds}s`
    : `Timeout: job exceeded ${limitSeconds}s limit`;
}

export async function executeJob(
  job: AssignJob,
  runtime: Runtime,
  controller: AbortController,
  reporter: JobReporter,
  log: Logger,
  settings: ExecutionSettings,
  onToken?: (text: string) => void,
): Promise<JobFinish> {
  const started = performance.now();
  const emitter = new SeqEmitter(job.job_id, runtime.seqBase, reporter, onToken ? { onToken } : {});
  const lease = setInterval(() => reporter.lease(job.job_id, settings.leaseExtendSeconds), settings.leaseIntervalMs);
  const clock = new JobClock(controller, runtime.timeoutSeconds(job), settings.prepareTimeoutSeconds);
  if (!runtime.preparesFirst) clock.startRun();

  let result: RuntimeResult | 'abandoned';
  try {
    const running = runtime.run({ job, signal: controller.signal, emit: emitter, log, prepared: () => clock.startRun() }).catch(
      (err: unknown): RuntimeResult => ({ outcome: 'failed', error: errorMessage(err) }),
    );
    result = await settleWithGrace(running, controller.signal, settings.abortGraceMs);
    if (result === 'abandoned') {
      log.error('runtime did not stop after its job was aborted; reporting the job anyway', {
        job_id: job.job_id,
        runtime: runtime.type,
        grace_ms: settings.abortGraceMs,
      });
    }
  } finally {
    clearInterval(lease);
    clock.stop();
    emitter.close();
  }

  const finish = decide(result, abortReasonOf(controller.signal));
  reporter.status(job.job_id, finish.state, finish.error);
  return { ...finish, tokens: emitter.tokensSent, durationMs: performance.now() - started };
}

function decide(result: RuntimeResult | 'abandoned', abort: AbortReason | null): { state: TerminalJobState; error?: string } {
  if (abort) {
    switch (abort.kind) {
      case 'cancel':
        return { state: 'cancelled' };
      case 'timeout':
        return { state: 'failed', error: timeoutError(abort.limitSeconds, abort.phase) };
      case 'shutdown':
        return { state: 'failed', error: SHUTDOWN_ERROR };
    }
  }
  if (result === 'abandoned') return { state: 'failed', error: 'Runtime stopped responding' };
  return result.outcome === 'succeeded' ? { state: 'succeeded' } : { state: 'failed', error: result.error };
}

/** The job's two limits: preparing (from the start) and running (from `startRun`). */
class JobClock {
  private timer: NodeJS.Timeout;
  private running = false;

  constructor(
    private readonly controller: AbortController,
    private readonly runSeconds: number,
    prepareSeconds: number,
  ) {
    this.timer = this.arm(prepareSeconds, 'prepare');
  }

  startRun(): void {
    if (this.running) return;
    this.running = true;
    clearTimeout(this.timer);
    this.timer = this.arm(this.runSeconds, 'run');
  }

  stop(): void {
    clearTimeout(this.timer);
  }

  private arm(seconds: number, phase: 'prepare' | 'run'): NodeJS.Timeout {
    return setTimeout(() => {
      const reason: AbortReason = { kind: 'timeout', limitSeconds: seconds, phase };
      this.controller.abort(reason);
    }, seconds * 1000);
  }
}

/** Waits for the runtime; once the job is aborted, waits at most `graceMs` more. */
function settleWithGrace(
  running: Promise<RuntimeResult>,
  signal: AbortSignal,
  graceMs: number,
): Promise<RuntimeResult | 'abandoned'> {
  return new Promise((resolve) => {
    let grace: NodeJS.Timeout | undefined;
    const onAbort = () => {
      grace = setTimeout(() => resolve('abandoned'), graceMs);
    };
    if (signal.aborted) onAbort();
    else signal.addEventListener('abort', onAbort, { once: true });
    running.then((r) => {
      if (grace) clearTimeout(grace);
      signal.removeEventListener('abort', onAbort);
      resolve(r);
    });
  });
}
