// The live job feed: 'job' rows from the ledger at start and end, output batched to ≤ 4 events a
// second per job however fast the tokens come, and nothing batched while no dashboard watches.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { JobFeed } from '../../../src-main/agent/api/job-feed';
import type { ApiEvent } from '../../../src-shared/api/events';
import type { AssignJob } from '../../../src-shared/protocol/messages';
import { FakeIsland } from './fake-island';

afterEach(() => vi.useRealTimers());

const job = { job_id: 'j1', workload_id: 'llm-chat', runtime_type: 'wasm' } as AssignJob;

describe('JobFeed', () => {
  it('batches a fast stream into at most 4 output events a second, losing no text', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const { ledger } = await FakeIsland.create();
    const events: ApiEvent[] = [];
    const feed = new JobFeed(ledger, (e) => events.push(e), () => true);
    ledger.recordStarted({ job_id: 'j1', workload_id: 'llm-chat', runtime: 'wasm', started_at: 1, price: '2' });
    feed.handle({ type: 'started', job, at: 1 });
    let sent = '';
    for (let ms = 0; ms < 1_000; ms += 5) {
      feed.handle({ type: 'token', jobId: 'j1', text: `t${ms} ` });
      sent += `t${ms} `;
      vi.advanceTimersByTime(5);
    }
    ledger.recordFinished('j1', { state: 'succeeded', durationMs: 1000, tokens: 200, at: 1001 });
    feed.handle({ type: 'finished', job, finish: { state: 'succeeded', durationMs: 1000, tokens: 200 }, at: 1001 });
    const outputs = events.filter((e) => e.type === 'job-output');
    expect(outputs.length).toBeLessThanOrEqual(5);
    expect(outputs.length).toBeGreaterThanOrEqual(4);
    expect(outputs.map((e) => e.text).join('')).toBe(sent);
    expect(outputs.at(-1)!.tokens).toBe(200);
    // The rows bracket the output: running first, the ended row (with credits) last.
    expect(events[0]).toMatchObject({ type: 'job', job: { jobId: 'j1', state: 'running', price: '2', tokens: 0 } });
    expect(events.at(-1)).toMatchObject({ type: 'job', job: { state: 'succeeded', credits: 2, tokens: 200 } });
  });

  it('counts tokens without batching or reading the ledger while nobody watches', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const { ledger } = await FakeIsland.create();
    const events: ApiEvent[] = [];
    const feed = new JobFeed(ledger, (e) => events.push(e), () => false);
    feed.handle({ type: 'started', job, at: 1 });
    feed.handle({ type: 'token', jobId: 'j1', text: 'a' });
    feed.handle({ type: 'token', jobId: 'j1', text: 'b' });
    vi.advanceTimersByTime(1_000);
    expect(feed.tokensOf('j1')).toBe(2);
    expect(events).toEqual([]);
  });
});
