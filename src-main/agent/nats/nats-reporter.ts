// Publishes a job's wire messages on the Island's subjects (§2.1). Plain core publishes, as the
// Rust Island does; while reconnecting, the client buffers them and sends them once it is back.
import type { HostSubjects } from '../../../src-shared/protocol/subjects';
import {
  encodeJobImageOutput,
  encodeJobOutput,
  encodeJobProgress,
  encodeJobStatus,
  encodeLeaseRenewal,
} from '../../../src-shared/protocol/encode';
import type { JobImageOutput, JobOutput, JobProgress, JobState } from '../../../src-shared/protocol/messages';
import type { JobReporter } from '../jobs/reporter';

export interface Publisher {
  publish(subject: string, payload: string): boolean;
}

export class NatsJobReporter implements JobReporter {
  constructor(
    private readonly link: Publisher,
    private readonly subjects: HostSubjects,
    private readonly now: () => number = Date.now,
  ) {}

  status(jobId: string, state: JobState, error?: string): void {
    this.link.publish(
      this.subjects.status,
      encodeJobStatus({ job_id: jobId, state, ...(error === undefined ? {} : { error }), timestamp: this.now() }),
    );
  }

  output(message: JobOutput): void {
    this.link.publish(this.subjects.output, encodeJobOutput(message));
  }

  progress(message: JobProgress): void {
    this.link.publish(this.subjects.progress, encodeJobProgress(message));
  }

  image(message: JobImageOutput): void {
    this.link.publish(this.subjects.image, encodeJobImageOutput(message));
  }

  lease(jobId: string, extendSeconds: number): void {
    this.link.publish(this.subjects.lease, encodeLeaseRenewal({ job_id: jobId, extend_seconds: extendSeconds }));
  }
}
