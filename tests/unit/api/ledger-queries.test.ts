// The ledger queries the dashboard adds: one job, paged history, credits per local day, Cargos run.
import { describe, expect, it } from 'vitest';
import { dailyEarnings, localDay } from '../../../src-main/agent/api/jobs';
import { FakeIsland } from './fake-island';

const at = (y: number, m: number, d: number, h: number) => new Date(y, m - 1, d, h).getTime();

describe('JobLedger queries for the dashboard', () => {
  it('groups credits by the local day a job ended on, fills empty days, and pages history', async () => {
    const { ledger } = await FakeIsland.create();
    const jobs = [
      { id: 'a', slug: 'llm-chat', start: at(2026, 3, 1, 23), end: at(2026, 3, 2, 0) + 5 * 60_000, price: '1.5', state: 'succeeded' as const },
      { id: 'b', slug: 'llm-chat', start: at(2026, 3, 2, 10), end: at(2026, 3, 2, 10) + 1000, price: '0.1', state: 'succeeded' as const },
      { id: 'c', slug: 'hash', start: at(2026, 3, 2, 11), end: at(2026, 3, 2, 11) + 1000, price: '0.2', state: 'succeeded' as const },
      { id: 'd', slug: 'hash', start: at(2026, 3, 4, 9), end: at(2026, 3, 4, 9) + 1000, price: '9', state: 'failed' as const },
    ];
    for (const j of jobs) {
      ledger.recordStarted({ job_id: j.id, workload_id: j.slug, runtime: 'wasm', started_at: j.start, price: j.price });
      ledger.recordFinished(j.id, { state: j.state, durationMs: j.end - j.start, tokens: 0, at: j.end });
    }
    ledger.recordStarted({ job_id: 'e', workload_id: 'hash', runtime: 'container', started_at: at(2026, 3, 4, 10), price: null });
    expect(dailyEarnings(ledger, 4, at(2026, 3, 4, 12))).toEqual([
      { day: '2026-03-01', credits: 0, jobs: 0 },
      { day: '2026-03-02', credits: 1.8, jobs: 3 },
      { day: '2026-03-03', credits: 0, jobs: 0 },
      { day: '2026-03-04', credits: 0, jobs: 1 },
    ]);
    expect(ledger.get('b')).toMatchObject({ job_id: 'b', state: 'succeeded', credits: 0.1 });
    expect(ledger.get('nope')).toBeUndefined();
    expect(ledger.history(2).map((r) => r.job_id)).toEqual(['e', 'd']);
    expect(ledger.history(2, at(2026, 3, 4, 9)).map((r) => r.job_id)).toEqual(['c', 'b']);
    expect(ledger.workloads()).toEqual([
      { workload_id: 'hash', runtime: 'container' },
      { workload_id: 'llm-chat', runtime: 'wasm' },
    ]);
    expect(localDay(at(2026, 12, 31, 23))).toBe('2026-12-31');
  });
});
