// Runs one job through the real job execution path (emitter, timeout, abort → status) with the
// WASM runtime, recording what would be published and when.
import { decodeAssignJob } from '../../../../src-shared/protocol/decode';
import { encodeAssignJob } from '../../../../src-shared/protocol/encode';
import type { AssignJob } from '../../../../src-shared/protocol/messages';
import { executeJob, type JobFinish } from '../../../../src-main/agent/jobs/job-execution';
import type { Runtime } from '../../../../src-main/agent/jobs/runtime';
import { RecordingReporter } from '../../../helpers/recording-reporter';
import { createTestLogger, type TestLogger } from '../../../helpers/test-logger';

let counter = 0;

export function wasmJob(fields: Partial<AssignJob>): AssignJob {
  const text = encodeAssignJob({ job_id: `wasm-${++counter}`, input: {}, lease_expires: 0, runtime_type: 'wasm', ...fields });
  const decoded = decodeAssignJob(text);
  if (!decoded.ok) throw new Error(decoded.error);
  return decoded.value;
}

/** A reporter that also notes when each message arrived (ms since the job started). */
export class TimedReporter extends RecordingReporter {
  readonly times: number[] = [];
  private readonly t0 = performance.now();

  override output(msg: Parameters<RecordingReporter['output']>[0]): void {
    this.times.push(performance.now() - this.t0);
    super.output(msg);
  }
}

export interface JobRun {
  job: AssignJob;
  finish: JobFinish;
  reporter: TimedReporter;
  log: TestLogger;
  /** `state` or `state: error` for the terminal status. */
  terminal: string;
  /** ms since start when the job finished. */
  endedAt: number;
}

export interface RunJobOptions {
  controller?: AbortController;
  log?: TestLogger;
}

export async function runJob(runtime: Runtime, fields: Partial<AssignJob>, opts: RunJobOptions = {}): Promise<JobRun> {
  const job = wasmJob(fields);
  const reporter = new TimedReporter();
  const log = opts.log ?? createTestLogger();
  const t0 = performance.now();
  const finish = await executeJob(job, runtime, opts.controller ?? new AbortController(), reporter, log, {
    leaseIntervalMs: 60_000,
    leaseExtendSeconds: 60,
    abortGraceMs: 2_000,
    prepareTimeoutSeconds: 1_800,
  });
  const terminal = reporter.statesOf(job.job_id).at(-1)!;
  return { job, finish, reporter, log, terminal, endedAt: performance.now() - t0 };
}
