// Records what the engine would publish, in order, as [subject-kind, message] pairs.
import type { JobImageOutput, JobOutput, JobProgress, JobState } from '../../src-shared/protocol/messages';
import type { JobReporter } from '../../src-main/agent/jobs/reporter';

export type Recorded =
  | { kind: 'status'; job_id: string; state: JobState; error?: string }
  | { kind: 'output'; msg: JobOutput }
  | { kind: 'progress'; msg: JobProgress }
  | { kind: 'image'; msg: JobImageOutput }
  | { kind: 'lease'; job_id: string; extend_seconds: number };

export class RecordingReporter implements JobReporter {
  readonly messages: Recorded[] = [];
  private waiters: Array<() => void> = [];

  status(job_id: string, state: JobState, error?: string): void {
    this.push({ kind: 'status', job_id, state, ...(error === undefined ? {} : { error }) });
  }
  output(msg: JobOutput): void {
    this.push({ kind: 'output', msg });
  }
  progress(msg: JobProgress): void {
    this.push({ kind: 'progress', msg });
  }
  image(msg: JobImageOutput): void {
    this.push({ kind: 'image', msg });
  }
  lease(job_id: string, extend_seconds: number): void {
    this.push({ kind: 'lease', job_id, extend_seconds });
  }

  statesOf(jobId: string): string[] {
    return this.messages.flatMap((m) => (m.kind === 'status' && m.job_id === jobId ? [m.error ? `${m.state}: ${m.error}` : m.state] : []));
  }

  outputsOf(jobId: string): JobOutput[] {
    return this.messages.flatMap((m) => (m.kind === 'output' && m.msg.job_id === jobId ? [m.msg] : []));
  }

  /** Resolves once `jobId` has a terminal status. */
  async terminal(jobId: string, timeoutMs = 5_000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const last = this.statesOf(jobId).at(-1);
      if (last && /^(succeeded|failed|cancelled)/.test(last)) return last;
      if (Date.now() > deadline) throw new Error(`job ${jobId} reached no terminal state; saw ${JSON.stringify(this.statesOf(jobId))}`);
      await new Promise<void>((r) => {
        this.waiters.push(r);
        setTimeout(r, 50);
      });
    }
  }

  private push(m: Recorded): void {
    this.messages.push(m);
    for (const w of this.waiters.splice(0)) w();
  }
}
