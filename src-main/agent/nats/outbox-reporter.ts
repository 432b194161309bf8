// The Island's job reporter: wire messages through the outbox, so they survive a reconnect. A job
// whose output the outbox had to drop during a long outage is reported `failed`, never
// `succeeded` with holes in its output.
import type { JobState } from '../../../src-shared/protocol/messages';
import type { HostSubjects } from '../../../src-shared/protocol/subjects';
import { WireReporter } from '../jobs/wire-reporter';
import type { Outbox } from './outbox';

const TERMINAL: ReadonlySet<JobState> = new Set(['succeeded', 'failed', 'cancelled']);

export class OutboxReporter extends WireReporter {
  constructor(
    subjects: HostSubjects,
    private readonly outbox: Outbox,
    now?: () => number,
  ) {
    // Statuses and lease renewals are small and decide the job's fate: never dropped.
    super(subjects, (subject, payload) => outbox.send(subject, payload, subject !== subjects.status && subject !== subjects.lease), now);
  }

  override status(jobId: string, state: JobState, error?: string): void {
    const lost = this.outbox.droppedFor(jobId);
    if (TERMINAL.has(state)) this.outbox.forget(jobId);
    if (state === 'succeeded' && lost > 0) {
      super.status(jobId, 'failed', `the coordinator was unreachable too long: ${lost} output message(s) could not be kept, so the output is incomplete`);
      return;
    }
    super.status(jobId, state, error);
  }
}
