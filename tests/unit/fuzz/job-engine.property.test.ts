// The job engine end to end over hostile assignments, with a fake runtime and a recording
// reporter: whatever bytes arrive on `host.{id}.jobs`, the engine does not crash; an assignment
// whose job_id can be read is answered `started` then `failed` with a message naming the problem;
// one whose id cannot be read is logged; and the next valid job still runs to `succeeded`.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { JobEngine, type JobEvent } from '../../../src-main/agent/jobs/job-engine';
import { RuntimeRegistry } from '../../../src-main/agent/jobs/runtime-registry';
import { decodeAssignJob } from '../../../src-shared/protocol/decode';
import { encodeAssignJob } from '../../../src-shared/protocol/encode';
import { FakeRuntime } from '../../helpers/fake-runtime';
import { RecordingReporter } from '../../helpers/recording-reporter';
import { createTestLogger } from '../../helpers/test-logger';
import { hostileBytes, hostileText, runs } from './hostile';
import { ASSIGN_JOB, validMessage, wrongField } from './wire-fields';

const enc = new TextEncoder();

function setup() {
  const reporter = new RecordingReporter();
  const log = createTestLogger();
  const events: JobEvent[] = [];
  const engine = new JobEngine({
    maxConcurrent: 2,
    registry: new RuntimeRegistry([new FakeRuntime('wasm', 1)]),
    reporter,
    log,
    settings: { leaseIntervalMs: 60_000, abortGraceMs: 100 },
    onEvent: (e) => events.push(e),
  });
  return { engine, reporter, log, events };
}

/** A valid job with one field of the wrong type: the id is readable, the job is not. */
const mutatedJob = fc.tuple(validMessage(ASSIGN_JOB), wrongField(ASSIGN_JOB)).map(([m, [key, bad]]) => enc.encode(JSON.stringify({ ...m, [key]: bad })));

const assignment: fc.Arbitrary<Uint8Array> = fc.oneof(
  hostileBytes,
  hostileText.map((t) => enc.encode(t)),
  mutatedJob,
  // Valid jobs for a runtime this Island has not built: they must fail, never fall through.
  validMessage(ASSIGN_JOB).map((m) => enc.encode(JSON.stringify({ ...m, runtime_type: 'quantum' }))),
);

describe('JobEngine over arbitrary assignment bytes', () => {
  it('never crashes, answers what it can, and runs the next valid job', async () => {
    await fc.assert(
      fc.asyncProperty(assignment, async (data) => {
        const { engine, reporter, log, events } = setup();
        const decoded = decodeAssignJob(data);
        expect(() => engine.enqueue(data)).not.toThrow();

        if (!decoded.ok && decoded.jobId !== null) {
          expect(reporter.statesOf(decoded.jobId)).toEqual(['started', `failed: Malformed job assignment: ${decoded.error}`]);
          // The reason names a field, or says the payload is not JSON / not UTF-8.
          expect(decoded.error).toMatch(/field "[^"]+"|not JSON|not UTF-8/);
        } else if (!decoded.ok) {
          expect(reporter.messages).toEqual([]);
          expect(log.has({ level: 'error', msg: 'rejected a malformed job assignment', fields: { reason: decoded.error } })).toBe(true);
        } else {
          expect(await reporter.terminal(decoded.value.job_id)).toMatch(/^failed: Unknown runtime_type|^failed: Runtime "/);
        }
        expect(events.some((e) => e.type === 'rejected') || decoded.ok).toBe(true);

        const next = `next-${decoded.ok ? decoded.value.job_id : (decoded.jobId ?? '')}`;
        engine.enqueue(enc.encode(encodeAssignJob({ job_id: next, input: { tokens: ['ok'] }, lease_expires: 0, runtime_type: 'wasm' })));
        expect(await reporter.terminal(next)).toBe('succeeded');
        await engine.drain(1_000);
      }),
      runs(120),
    );
  });

  it('one engine survives a burst of hostile assignments and still runs a valid job', async () => {
    const { engine, reporter } = setup();
    const burst = fc.sample(assignment, { seed: 7, numRuns: 300 });
    for (const data of burst) {
      engine.enqueue(data);
      // A macrotask between deliveries, as NATS gives: all at once would (rightly) hit the queue limit.
      await new Promise((r) => setImmediate(r));
    }
    engine.enqueue(enc.encode(encodeAssignJob({ job_id: 'after-the-burst', input: { tokens: ['a'] }, lease_expires: 0, runtime_type: 'wasm' })));
    expect(await reporter.terminal('after-the-burst')).toBe('succeeded');
    // Every id that was answered at all reached a terminal state.
    const ids = new Set(reporter.messages.flatMap((m) => (m.kind === 'status' ? [m.job_id] : [])));
    for (const id of ids) expect(await reporter.terminal(id)).toMatch(/^(succeeded|failed|cancelled)/);
    await engine.drain(1_000);
  });
});
