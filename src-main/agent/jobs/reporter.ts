// Where the engine sends a job's wire messages. In the Island it is NATS (wire-reporter.ts);
// in the self-check it prints them; in unit tests it records them.
import type { JobImageOutput, JobOutput, JobProgress, JobState } from '../../../src-shared/protocol/messages';

export interface JobReporter {
  status(jobId: string, state: JobState, error?: string): void;
  output(message: JobOutput): void;
  progress(message: JobProgress): void;
  image(message: JobImageOutput): void;
  lease(jobId: string, extendSeconds: number): void;
}
