import { describe, expect, it } from 'vitest';
import {
  checkActivity,
  checkOutput,
  checkStatus,
  NEW_JOB_TRACK,
  type JobTrack,
} from '../../harness/coordinator/job-state-machine';

/** Feed states in order; return the final track and every error. */
function run(states: string[], from: JobTrack = NEW_JOB_TRACK): { track: JobTrack; errors: string[] } {
  const errors: string[] = [];
  let track = from;
  for (const s of states) {
    const r = checkStatus(track, s);
    track = r.track;
    if (r.error) errors.push(r.error);
  }
  return { track, errors };
}

describe('job state machine: assigned → started → streaming* → one terminal', () => {
  it.each([
    [['started', 'succeeded']],
    [['started', 'failed']],
    [['started', 'cancelled']],
    [['started', 'streaming', 'succeeded']],
    [['started', 'streaming', 'streaming', 'failed']],
  ])('accepts %j', (states) => {
    const r = run(states);
    expect(r.errors).toEqual([]);
    expect(r.track.state).toBe(states.at(-1));
  });

  it("flags 'completed' and says what to send", () => {
    const r = run(['started', 'completed']);
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0]).toMatch(/'completed' is not in the coordinator state machine.*succeeded/);
    expect(r.track.state).toBe('started');
  });

  it("flags 'running', which Rust only serializes in a test", () => {
    expect(run(['started', 'running']).errors[0]).toMatch(/'running'/);
  });

  it('flags a terminal state without started, and still ends the job', () => {
    const r = run(['failed']);
    expect(r.errors).toEqual(["terminal 'failed' without 'started'"]);
    expect(r.track.state).toBe('failed');
  });

  it('flags anything after a terminal state', () => {
    expect(run(['started', 'succeeded', 'failed']).errors).toEqual(["'failed' after terminal state 'succeeded'"]);
    expect(run(['started', 'cancelled', 'streaming']).errors).toEqual(["'streaming' after terminal state 'cancelled'"]);
  });

  it('flags started twice and streaming before started', () => {
    expect(run(['started', 'started', 'succeeded']).errors).toEqual(["'started' again while 'started'"]);
    expect(run(['streaming', 'succeeded']).errors).toEqual(["'streaming' before 'started'"]);
  });
});

describe('outputs', () => {
  const started = run(['started']).track;

  function outputs(chunks: Array<[number, boolean]>, from = started): { track: JobTrack; errors: string[] } {
    const errors: string[] = [];
    let track = from;
    for (const [seq, fin] of chunks) {
      const r = checkOutput(track, seq, fin);
      track = r.track;
      if (r.error) errors.push(r.error);
    }
    return { track, errors };
  }

  it('accepts each runtime numbering (§12.2 #3)', () => {
    expect(outputs([[1, false], [2, false], [3, true]]).errors).toEqual([]); // container
    expect(outputs([[0, false], [1, false], [2, true]]).errors).toEqual([]); // gguf
    expect(outputs([[0, true]]).errors).toEqual([]); // onnx
  });

  it('flags seq going backwards or repeating', () => {
    expect(outputs([[2, false], [1, false]]).errors).toEqual(['output seq went backwards (1 after 2)']);
    expect(outputs([[2, false], [2, false]]).errors).toEqual(['output seq 2 repeated']);
  });

  it('flags a second is_final chunk (the WASM repeated-done quirk)', () => {
    const r = outputs([[1, false], [2, true], [2, true]]);
    expect(r.errors).toEqual(['output seq 2 repeated; more than one is_final chunk (seq 2, then 2)']);
  });

  it('flags output after the final chunk', () => {
    expect(outputs([[1, true], [2, false]]).errors).toEqual(['output after the is_final chunk (seq 2)']);
  });

  it('flags output before started and after the end', () => {
    expect(outputs([[1, false]], NEW_JOB_TRACK).errors).toEqual(["output before 'started'"]);
    const done = run(['started', 'succeeded']).track;
    expect(outputs([[1, true]], done).errors).toEqual(["output after terminal state 'succeeded'"]);
  });
});

describe('progress, images and lease renewals', () => {
  it('are allowed while started or streaming only', () => {
    expect(checkActivity(run(['started']).track, 'progress')).toBeNull();
    expect(checkActivity(run(['started', 'streaming']).track, 'lease renewal')).toBeNull();
    expect(checkActivity(NEW_JOB_TRACK, 'image')).toBe("image before 'started'");
    expect(checkActivity(run(['started', 'failed']).track, 'lease renewal')).toBe("lease renewal after terminal state 'failed'");
  });
});
