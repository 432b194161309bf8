import { act, cleanup, screen, waitFor, within } from '@testing-library/react';
import { Profiler } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { MAX_TAIL_CHARS } from '../../../src-renderer/src/screens/jobs/job-feed';
import JobsScreen from '../../../src-renderer/src/screens/jobs/JobsScreen';
import { FakeIslandApi } from '../fake-api';
import { job, status, T0 } from '../fixtures';
import { renderWithApi } from '../render';

afterEach(cleanup);

function agent() {
  return new FakeIslandApi({
    'status.get': () => status(),
    'jobs.history': () => [job({ jobId: 'old-1', workloadId: 'image-gen', runtime: 'container', credits: 5, durationMs: 12_000 })],
    'earnings.daily': () => [
      { day: '2026-05-03', credits: 12, jobs: 4 },
      { day: '2026-05-04', credits: 5, jobs: 1 },
    ],
  });
}

describe('Jobs screen', () => {
  it('shows the ledger history and credits per day', async () => {
    renderWithApi(<JobsScreen />, agent());
    const row = await screen.findByTestId('history-row-old-1');
    expect(within(row).getAllByRole('cell').map((c) => c.textContent)).toEqual([
      'image-genold-1',
      'container',
      expect.stringContaining('2026'),
      '12.0 s',
      'succeeded',
      '5',
    ]);
    expect(await screen.findByRole('img', { name: 'Credits per day over 2 days, 17 in all' })).toBeTruthy();
  });

  it('streams a running job\'s output into the live feed, then lands the finished job in the history', async () => {
    const api = agent();
    renderWithApi(<JobsScreen />, api);
    await screen.findByTestId('history-row-old-1');
    const running = job({ jobId: 'j-7', state: 'running', finishedAt: null, durationMs: null, tokens: 0, credits: 0, startedAt: Date.now() });
    act(() => {
      api.emit({ type: 'job', job: running });
      api.emit({ type: 'job-output', jobId: 'j-7', text: 'Hello', tokens: 1 });
      api.emit({ type: 'job-output', jobId: 'j-7', text: ', world', tokens: 3 });
    });
    await waitFor(() => expect(screen.getByTestId('live-output-j-7').textContent).toBe('Hello, world'));
    expect(screen.getByTestId('live-tokens-j-7').textContent).toBe('3');
    expect(screen.getByTestId('live-job-j-7').textContent).toContain('gguf-mistral-7b');

    const dailyCalls = api.callsOf('earnings.daily').length;
    act(() => api.emit({ type: 'job', job: { ...running, state: 'succeeded', finishedAt: Date.now(), durationMs: 2500, tokens: 3, credits: 2 } }));
    await waitFor(() => expect(screen.queryByTestId('live-job-j-7')).toBeNull());
    const rows = within(screen.getByTestId('job-history')).getAllByRole('row').slice(1);
    expect(rows.map((r) => r.getAttribute('data-testid'))).toEqual(['history-row-j-7', 'history-row-old-1']);
    expect(within(rows[0]!).getByText('2.5 s')).toBeTruthy();
    // Credits per day are reloaded once a job ends.
    await waitFor(() => expect(api.callsOf('earnings.daily').length).toBe(dailyCalls + 1));
  });

  it('shows a job that was already running when the page opened (status.get), and its failure reason at the end', async () => {
    const api = agent();
    api.handlers['status.get'] = () => status({ activeJobs: [{ jobId: 'j-9', workloadId: 'llm-chat', runtime: 'llmcpp', startedAt: T0, tokens: 12 }] });
    renderWithApi(<JobsScreen />, api);
    expect((await screen.findByTestId('live-tokens-j-9')).textContent).toBe('12');
    act(() => api.emit({ type: 'job', job: job({ jobId: 'j-9', workloadId: 'llm-chat', state: 'failed', error: 'out of memory', credits: 0 }) }));
    const row = await screen.findByTestId('history-row-j-9');
    expect(within(row).getByText('failed')).toBeTruthy();
    expect(within(row).getByText('out of memory')).toBeTruthy();
  });

  it('stays responsive under 50 token events a second: renders in batches and keeps only the tail', async () => {
    const api = agent();
    let commits = 0;
    renderWithApi(
      <Profiler id="jobs" onRender={() => (commits += 1)}>
        <JobsScreen />
      </Profiler>,
      api,
    );
    await screen.findByTestId('history-row-old-1');
    act(() => api.emit({ type: 'job', job: job({ jobId: 'fast', state: 'running', finishedAt: null, durationMs: null, startedAt: Date.now() }) }));
    await screen.findByTestId('live-job-fast');
    // One second of a fast model on a virtual clock: 50 events, 20 ms apart, 100 characters each.
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const before = commits;
    try {
      for (let i = 0; i < 50; i++) {
        act(() => {
          api.emit({ type: 'job-output', jobId: 'fast', text: `${String(i).padStart(3, '0')}${'x'.repeat(97)}`, tokens: (i + 1) * 10 });
          vi.advanceTimersByTime(20);
        });
      }
      act(() => vi.advanceTimersByTime(300));
    } finally {
      vi.useRealTimers();
    }
    expect(screen.getByTestId('live-tokens-fast').textContent).toBe('500');
    // 250 ms batches over 1 s: 4–5 commits (plus at most a tick of the real once-a-second clock),
    // where applying each event would cost 50.
    expect(commits - before).toBeLessThanOrEqual(7);
    const tail = screen.getByTestId('live-output-fast').textContent!;
    expect(tail).toHaveLength(MAX_TAIL_CHARS);
    expect(tail.endsWith(`049${'x'.repeat(97)}`)).toBe(true);
  });
});
