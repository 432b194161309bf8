// A job the coordinator dispatches shows on the Jobs screen while it runs (Cargo, runtime, the
// streamed text, its token count), then lands in the history from the ledger with its outcome and
// credits, and in the credits-per-day chart. The runtime holds each job open until the test lets
// it finish, so "while it runs" needs no timing guess on a busy machine.
import type { Locator } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { requireChromium } from '../harness/browser';
import { requireBinary } from '../harness/services';
import { waitUntil } from '../helpers/wait-until';
import { openDashboard, screenReady, showScreen, titleOf, type DashboardPage } from './support/dashboard-page';
import { GatedRuntime } from './support/gated-runtime';
import { startStack, type E2eStack } from './support/stack';

const natsBin = requireBinary('nats-server', { neededBy: 'the dashboard end-to-end tests' });
const chromium = requireChromium();

describe.skipIf(!natsBin || !chromium)('jobs appear live and land in the history (Chromium, real Island)', () => {
  const runtime = new GatedRuntime('wasm');
  let s: E2eStack;
  let d: DashboardPage;

  beforeAll(async () => {
    s = await startStack({ chromium: chromium!, island: { kind: 'in-process', runtimes: [runtime], toml: '[pricing.workloads]\nllm-chat = "2.5"\n' } });
    d = await openDashboard(s.browser, s.island.urlWithToken);
  });
  afterAll(async () => {
    await d?.close();
    await s?.close();
  });
  afterEach(() => {
    s.coord.assertNoViolations();
    expect(d.pageErrors).toEqual([]);
  });

  const chart = () => d.page.getByRole('img', { name: /^Credits per day over 30 days/ });

  it('a dispatched job streams into the live feed, then lands in the history and the credits chart', async () => {
    const { page } = d;
    await showScreen(page, 'jobs');
    expect(await page.getByText('No job is running.').count()).toBe(1);
    expect(await page.getByText('No job has run yet.').count()).toBe(1);
    expect(await chart().getAttribute('aria-label')).toBe('Credits per day over 30 days, 0 in all');

    const jobId = await s.coord.dispatch(s.island.hostId, { workload_id: 'llm-chat', runtime_type: 'wasm', input: { tokens: ['Hel', 'lo', ' wor', 'ld'] } });
    const live = page.getByTestId(`live-job-${jobId}`);
    await live.waitFor();
    await page.getByTestId(`live-output-${jobId}`).filter({ hasText: /^Hello world$/ }).waitFor();
    expect(await page.getByTestId(`live-tokens-${jobId}`).textContent()).toBe('4');
    expect(await live.textContent()).toContain('llm-chat on wasm');
    // It is still running: the coordinator has the streamed text (NATS may trail the dashboard's
    // socket by a moment) and no terminal status yet.
    expect(runtime.holding.has(jobId)).toBe(true);
    await s.coord.waitFor('the streamed text at the coordinator', () => s.coord.job(jobId)?.text === 'Hello world', { timeoutMs: 30_000 });
    expect(s.coord.job(jobId)!.state).toBe('streaming');

    runtime.finish(jobId);
    await s.coord.waitForJobState(jobId, 'succeeded', { timeoutMs: 30_000 });
    const row = page.getByTestId(`history-row-${jobId}`);
    await row.waitFor();
    await live.waitFor({ state: 'detached' });
    expect(await cellsOf(row)).toMatchObject({ cargo: `llm-chat${jobId}`, runtime: 'wasm', outcome: 'succeeded', credits: '2.5' });
    await page.getByRole('img', { name: 'Credits per day over 30 days, 2.5 in all', exact: true }).waitFor();
    expect(await chart().locator('.recharts-bar-rectangle path').count()).toBeGreaterThan(0);
  });

  it('a job the coordinator cancels ends "cancelled"; after a reload both come from the ledger', async () => {
    const { page } = d;
    const jobId = await s.coord.dispatch(s.island.hostId, { workload_id: 'llm-chat', runtime_type: 'wasm', input: { tokens: ['never', ' finished'] } });
    await page.getByTestId(`live-job-${jobId}`).waitFor();
    await waitUntil(() => runtime.holding.has(jobId), 'the job to be running', 30_000);
    await s.coord.cancel(s.island.hostId, jobId);
    await s.coord.waitForJobState(jobId, 'cancelled', { timeoutMs: 30_000 });
    await page.getByTestId(`history-row-${jobId}`).waitFor();

    await page.reload();
    await screenReady(page, titleOf('jobs'));
    const rows = await page.getByTestId('job-history').locator('tbody tr').evaluateAll((trs) => trs.map((tr) => (tr as unknown as { dataset: { testid?: string } }).dataset.testid));
    const succeeded = s.coord.jobs(s.island.hostId).find((j) => j.state === 'succeeded')!.jobId;
    expect(rows).toEqual([`history-row-${jobId}`, `history-row-${succeeded}`]);
    expect(await cellsOf(page.getByTestId(`history-row-${jobId}`))).toMatchObject({ outcome: 'cancelled', credits: '0' });
    expect(await chart().getAttribute('aria-label')).toBe('Credits per day over 30 days, 2.5 in all');
  });
});

/** A history row's cells by column. */
async function cellsOf(row: Locator): Promise<Record<'cargo' | 'runtime' | 'started' | 'duration' | 'outcome' | 'credits', string>> {
  const [cargo, runtime, started, duration, outcome, credits] = await row.locator('td').allTextContents();
  return { cargo: cargo ?? '', runtime: runtime ?? '', started: started ?? '', duration: duration ?? '', outcome: outcome ?? '', credits: credits ?? '' };
}
