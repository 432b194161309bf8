// The self-check's reporter: prints each message as `subject payload`, exactly as it would be
// published, so an owner (or a support person) can see what the coordinator would receive.
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

export class PrintReporter implements JobReporter {
  constructor(
    private readonly subjects: HostSubjects,
    private readonly write: (line: string) => void,
  ) {}

  status(jobId: string, state: JobState, error?: string): void {
    this.write(`${this.subjects.status} ${encodeJobStatus({ job_id: jobId, state, ...(error === undefined ? {} : { error }), timestamp: Date.now() })}`);
  }

  output(m: JobOutput): void {
    this.write(`${this.subjects.output} ${encodeJobOutput(m)}`);
  }

  progress(m: JobProgress): void {
    this.write(`${this.subjects.progress} ${encodeJobProgress(m)}`);
  }

  image(m: JobImageOutput): void {
    const shown = { ...m, image_data: `<${m.image_data.length} base64 chars>` };
    this.write(`${this.subjects.image} ${encodeJobImageOutput(shown)}`);
  }

  lease(jobId: string, extendSeconds: number): void {
    this.write(`${this.subjects.lease} ${encodeLeaseRenewal({ job_id: jobId, extend_seconds: extendSeconds })}`);
  }
}
