// JobEngine.cancelAll: every running job ends `cancelled` with the reason kept for the ledger,
// including a job whose `started` is on the wire but whose runtime has not begun yet.
import { describe, expect, it } from 'vitest';
import { encodeAssignJob } from '../../../src-shared/protocol/encode';
import { JobEngine, type JobEvent } from '../../../src-main/agent/jobs/job-engine';
import { RuntimeRegistry } from '../../../src-main/agent/jobs/runtime-registry';
import { FakeRuntime } from '../../helpers/fake-runtime';
import { RecordingReporter } from '../../helpers/recording-reporter';
import { createTestLogger } from '../../helpers/test-logger';
import { waitUntil } from '../../helpers/wait-until';

const job = (id: string) => new TextEncoder().encode(encodeAssignJob({ job_id: id, input: { hang: true }, lease_expires: 0, runtime_type: 'wasm' }));

describe('JobEngine.cancelAll', () => {
  it('cancels running jobs and ones still starting, each `cancelled` with the reason', async () => {
    const events: JobEvent[] = [];
    const reporter = new RecordingReporter();
    const engine = new JobEngine({ maxConcurrent: 4, registry: new RuntimeRegistry([new FakeRuntime('wasm')]), reporter, log: createTestLogger(), onEvent: (e) => events.push(e) });
    engine.enqueue(job('a'));
    await waitUntil(() => engine.activeCount === 1, 'job a running');
    engine.enqueue(job('b')); // `started` sent; its runtime begins on the next turn
    expect(engine.cancelAll('owner paused').sort()).toEqual(['a', 'b']);
    await waitUntil(() => events.filter((e) => e.type === 'finished').length === 2, 'both finished');
    const finished = events.flatMap((e) => (e.type === 'finished' ? [[e.job.job_id, e.finish.state, e.finish.error]] : []));
    expect(finished.sort()).toEqual([
      ['a', 'cancelled', 'owner paused'],
      ['b', 'cancelled', 'owner paused'],
    ]);
    expect(engine.activeCount).toBe(0);
  });
});
