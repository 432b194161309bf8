// Turns the engine's reports into wire messages on the Island's subjects (§2.1). Where they go is
// the caller's: NATS in the Island (plain core publishes, as the Rust Island does, through the
// outbox that keeps them across a reconnect: src-main/agent/nats/outbox.ts), stdout in the
// self-check.
import {
  encodeJobImageOutput,
  encodeJobOutput,
  encodeJobProgress,
  encodeJobStatus,
  encodeLeaseRenewal,
} from '../../../src-shared/protocol/encode';
import type { JobImageOutput, JobOutput, JobProgress, JobState } from '../../../src-shared/protocol/messages';
import type { HostSubjects } from '../../../src-shared/protocol/subjects';
import type { JobReporter } from './reporter';

export type Send = (subject: string, payload: string) => void;

export class WireReporter implements JobReporter {
  constructor(
    protected readonly subjects: HostSubjects,
    protected readonly send: Send,
    private readonly now: () => number = Date.now,
  ) {}

  status(jobId: string, state: JobState, error?: string): void {
    this.send(this.subjects.status, encodeJobStatus({ job_id: jobId, state, ...(error === undefined ? {} : { error }), timestamp: this.now() }));
  }

  output(message: JobOutput): void {
    this.send(this.subjects.output, encodeJobOutput(message));
  }

  progress(message: JobProgress): void {
    this.send(this.subjects.progress, encodeJobProgress(message));
  }

  image(message: JobImageOutput): void {
    this.send(this.subjects.image, encodeJobImageOutput(message));
  }

  lease(jobId: string, extendSeconds: number): void {
    this.send(this.subjects.lease, encodeLeaseRenewal({ job_id: jobId, extend_seconds: extendSeconds }));
  }
}

/** The self-check's reporter: `subject payload` lines, with image data shortened to its length. */
export class PrintReporter extends WireReporter {
  constructor(subjects: HostSubjects, write: (line: string) => void) {
    super(subjects, (subject, payload) => write(`${subject} ${payload}`));
  }

  override image(message: JobImageOutput): void {
    super.image({ ...message, image_data: `<${message.image_data.length} base64 chars>` });
  }
}
