import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { JobLedger } from '../../../src-main/agent/ledger/job-ledger';
import { createTestLogger } from '../../helpers/test-logger';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));
function dbPath(): string {
  const d = mkdtempSync(path.join(tmpdir(), 'ledger-'));
  dirs.push(d);
  return path.join(d, 'ledger.sqlite');
}

describe('JobLedger (real SQLite)', () => {
  it('credits a succeeded job its asking price (first-price auction), and nothing otherwise', async () => {
    const ledger = await JobLedger.open(dbPath(), createTestLogger());
    ledger.recordStarted({ job_id: 'ok', workload_id: 'llm-chat', runtime: 'wasm', started_at: 1000, price: '2.5' });
    ledger.recordStarted({ job_id: 'bad', workload_id: 'llm-chat', runtime: 'wasm', started_at: 1001, price: '2.5' });
    ledger.recordStarted({ job_id: 'stop', workload_id: null, runtime: 'wasm', started_at: 1002, price: null });
    ledger.recordFinished('ok', { state: 'succeeded', durationMs: 120.4, tokens: 7, at: 1120 });
    ledger.recordFinished('bad', { state: 'failed', error: 'Exit code: 3', durationMs: 10, tokens: 0, at: 1011 });
    ledger.recordFinished('stop', { state: 'cancelled', durationMs: 5, tokens: 0, at: 1007 });
    expect(ledger.recent(10).map((r) => [r.job_id, r.state, r.credits])).toEqual([
      ['stop', 'cancelled', 0],
      ['bad', 'failed', 0],
      ['ok', 'succeeded', 2.5],
    ]);
    expect(ledger.recent(10).find((r) => r.job_id === 'ok')).toMatchObject({ duration_ms: 120, tokens: 7, finished_at: 1120 });
    expect(ledger.summary()).toEqual({ jobs: 3, succeeded: 1, failed: 1, cancelled: 1, successRate: 0.5, avgDurationMs: 120, credits: 2.5 });
    expect(ledger.summary(1001.5).jobs).toBe(1);
    ledger.close();
  });

  it('keeps the jobs a crash interrupted across a reopen, until they are reported', async () => {
    const file = dbPath();
    const first = await JobLedger.open(file, createTestLogger());
    first.recordStarted({ job_id: 'running', workload_id: null, runtime: 'container', started_at: 5, price: null });
    first.recordStarted({ job_id: 'done', workload_id: null, runtime: 'container', started_at: 6, price: null });
    first.recordFinished('done', { state: 'succeeded', durationMs: 1, tokens: 0, at: 7 });
    first.close();
    const second = await JobLedger.open(file, createTestLogger());
    expect(second.interrupted().map((r) => r.job_id)).toEqual(['running']);
    second.recordFinished('running', { state: 'failed', error: 'Island stopped unexpectedly while running this job', durationMs: 1, tokens: 0, at: 9 });
    expect(second.interrupted()).toEqual([]);
    second.close();
  });

  it('moves an unreadable ledger aside, says where, and starts a new one', async () => {
    const file = dbPath();
    writeFileSync(file, 'this is not a database, it is a text file that got here somehow'.repeat(100));
    const log = createTestLogger();
    const ledger = await JobLedger.open(file, log);
    const aside = readdirSync(path.dirname(file)).find((f) => f.startsWith('ledger.sqlite.corrupt-'));
    expect(aside).toBeDefined();
    expect(log.has({ level: 'error', msg: 'the job ledger could not be read; it was moved aside and a new one started' })).toBe(true);
    expect(log.find({ level: 'error' })?.fields.moved_to).toBe(path.join(path.dirname(file), aside!));
    ledger.recordStarted({ job_id: 'after', workload_id: null, runtime: 'wasm', started_at: 1, price: null });
    expect(ledger.recent(1)[0]!.job_id).toBe('after');
    ledger.close();
    expect(existsSync(file)).toBe(true);
  });
});
