// The first parse with a zod schema compiles it, and V8 compiles each code path on first use:
// together a few milliseconds. Doing that once at start-up keeps it out of the first job's
// path to `started` and out of the event loop while a job runs.
import { decodeAssignJob, decodeCancelJob } from '../../../src-shared/protocol/decode';
import { encodeAssignJob, encodeJobOutput, encodeJobStatus } from '../../../src-shared/protocol/encode';

export function warmUpCodecs(): void {
  const sample = encodeAssignJob({
    job_id: 'warm-up',
    workload_id: 'warm-up',
    input: { prompt: 'warm up', max_tokens: 1 },
    lease_expires: 0,
    runtime_type: 'wasm',
    wasm_url: 'https://example.invalid/warm-up.wasm',
  });
  const bytes = new TextEncoder().encode(sample);
  for (let i = 0; i < 3; i++) decodeAssignJob(bytes);
  decodeCancelJob('{"job_id":"warm-up"}');
  encodeJobStatus({ job_id: 'warm-up', state: 'started', timestamp: 0 });
  encodeJobOutput({ job_id: 'warm-up', seq: 1, chunk: 'x', is_final: false });
}
