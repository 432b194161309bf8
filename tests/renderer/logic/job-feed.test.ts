import { describe, expect, it } from 'vitest';
import { applyFeedEvents, EMPTY_FEED, keepTail, MAX_RECENT, mergeHistory, seedLive } from '../../../src-renderer/src/screens/jobs/job-feed';
import { job } from '../fixtures';

const running = (jobId: string) => job({ jobId, state: 'running', finishedAt: null, durationMs: null, tokens: 0, credits: 0 });

describe('job feed', () => {
  it('folds start, output and end events: text appended, tokens kept, the ended job moved to recent', () => {
    let s = applyFeedEvents(EMPTY_FEED, [{ type: 'job', job: running('a') }, { type: 'job-output', jobId: 'a', text: 'Hel', tokens: 1 }]);
    s = applyFeedEvents(s, [{ type: 'job-output', jobId: 'a', text: 'lo', tokens: 2 }]);
    expect(s.live).toEqual([expect.objectContaining({ jobId: 'a', tail: 'Hello', tokens: 2, workloadId: 'gguf-mistral-7b' })]);
    s = applyFeedEvents(s, [{ type: 'job', job: job({ jobId: 'a', state: 'succeeded', tokens: 2 }) }]);
    expect(s.live).toEqual([]);
    expect(s.recent.map((j) => j.jobId)).toEqual(['a']);
  });

  it('keeps output that arrives before the start event, and the start event keeps that text', () => {
    let s = applyFeedEvents(EMPTY_FEED, [{ type: 'job-output', jobId: 'b', text: 'early', tokens: 5 }]);
    s = applyFeedEvents(s, [{ type: 'job', job: running('b') }]);
    expect(s.live).toEqual([expect.objectContaining({ jobId: 'b', tail: 'early', tokens: 5, runtime: 'llmcpp' })]);
  });

  it('lists several jobs ending in one batch newest first, without duplicates, capped', () => {
    const ended = Array.from({ length: MAX_RECENT + 5 }, (_, i) => ({ type: 'job' as const, job: job({ jobId: `j${i}` }) }));
    const s = applyFeedEvents(EMPTY_FEED, [...ended, { type: 'job', job: job({ jobId: 'j3', credits: 9 }) }]);
    expect(s.recent).toHaveLength(MAX_RECENT);
    expect(s.recent[0]).toMatchObject({ jobId: 'j3', credits: 9 });
    expect(s.recent.filter((j) => j.jobId === 'j3')).toHaveLength(1);
    expect(s.recent[1]!.jobId).toBe(`j${MAX_RECENT + 4}`);
  });

  it('ignores output that arrives after the job ended (in the same batch or later)', () => {
    let s = applyFeedEvents(EMPTY_FEED, [{ type: 'job', job: running('c') }, { type: 'job', job: job({ jobId: 'c' }) }, { type: 'job-output', jobId: 'c', text: 'late', tokens: 9 }]);
    s = applyFeedEvents(s, [{ type: 'job-output', jobId: 'c', text: 'later', tokens: 10 }]);
    expect(s.live).toEqual([]);
    expect(s.recent.map((j) => j.jobId)).toEqual(['c']);
  });

  it('keeps the tail of long output', () => {
    expect(keepTail('abcdef', 4)).toBe('cdef');
    expect(keepTail('abc', 4)).toBe('abc');
  });

  it('seeds running jobs from status once, never reviving one that ended', () => {
    const ended = applyFeedEvents(EMPTY_FEED, [{ type: 'job', job: job({ jobId: 'x' }) }]);
    const s = seedLive(ended, [
      { jobId: 'x', workloadId: null, runtime: 'wasm', startedAt: 0, tokens: 0 },
      { jobId: 'y', workloadId: 'w', runtime: 'wasm', startedAt: 0, tokens: 4 },
    ]);
    expect(s.live.map((j) => j.jobId)).toEqual(['y']);
    expect(seedLive(s, [{ jobId: 'y', workloadId: 'w', runtime: 'wasm', startedAt: 0, tokens: 9 }])).toBe(s);
  });

  it('merges recent jobs over the loaded history, dropping duplicates and running rows', () => {
    const merged = mergeHistory([job({ jobId: 'new' }), job({ jobId: 'both', credits: 3 })], [job({ jobId: 'both', credits: 0 }), running('r'), job({ jobId: 'old' })]);
    expect(merged.map((j) => [j.jobId, j.credits])).toEqual([
      ['new', 2],
      ['both', 3],
      ['old', 2],
    ]);
  });
});
