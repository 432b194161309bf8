// The job history and credits per day, from the ledger.
import type { DailyEarnings, JobView } from '../../../src-shared/api/views';
import type { JobLedger, LedgerRow } from '../ledger/job-ledger';

export function jobView(row: LedgerRow, liveTokens?: number): JobView {
  return {
    jobId: row.job_id,
    workloadId: row.workload_id,
    runtime: row.runtime,
    state: row.state,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    durationMs: row.duration_ms,
    error: row.error,
    tokens: row.state === 'running' && liveTokens !== undefined ? liveTokens : row.tokens,
    price: row.price,
    credits: row.credits,
  };
}

/** `YYYY-MM-DD` of the local calendar day `ms` falls on. */
export function localDay(ms: number): string {
  const d = new Date(ms);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

/** The last `days` local days, today included, oldest first; a day without jobs is there with zeros. */
export function dailyEarnings(ledger: JobLedger, days: number, now: number): DailyEarnings[] {
  const start = new Date(now);
  start.setHours(0, 0, 0, 0);
  start.setDate(start.getDate() - (days - 1));
  const found = new Map(ledger.daily(start.getTime()).map((r) => [r.day, r]));
  const out: DailyEarnings[] = [];
  for (const d = new Date(start); out.length < days; d.setDate(d.getDate() + 1)) {
    const day = localDay(d.getTime());
    const row = found.get(day);
    out.push({ day, credits: round6(row?.credits ?? 0), jobs: row?.jobs ?? 0 });
  }
  return out;
}

/** Credits are sums of decimal prices: keep the float noise (0.30000000000000004) off the chart. */
function round6(n: number): number {
  return Math.round(n * 1e6) / 1e6;
}
