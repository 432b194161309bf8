import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { LedgerCheckpointer } from '../../../src-main/agent/ledger/checkpointer';
import { JobLedger } from '../../../src-main/agent/ledger/job-ledger';
import { createTestLogger } from '../../helpers/test-logger';

describe('ledger WAL checkpoints (real SQLite)', () => {
  const dirs: string[] = [];
  afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

  it('writes never checkpoint inline; the checkpointer folds the WAL in from a worker thread', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'ledger-'));
    dirs.push(dir);
    const db = path.join(dir, 'ledger.sqlite');
    const log = createTestLogger();
    const ledger = await JobLedger.open(db, log);
    for (let i = 0; i < 3000; i++) {
      ledger.recordStarted({ job_id: `j${i}`, workload_id: 'w', runtime: 'wasm', started_at: i, price: '1.0' });
      ledger.recordFinished(`j${i}`, { state: 'succeeded', durationMs: 5, tokens: 1, at: i + 5 });
    }
    // With automatic checkpoints off, every write stayed in the WAL (default auto-checkpoint: 1000 pages ≈ 4 MB).
    expect(statSync(`${db}-wal`).size).toBeGreaterThan(4 * 1024 * 1024);
    const dbBefore = statSync(db).size;
    const checkpointer = new LedgerCheckpointer({ dbPath: db, log, walBytes: 1024 });
    expect(await checkpointer.maybeCheckpoint()).toBe(true);
    expect(statSync(db).size).toBeGreaterThan(dbBefore);
    expect(ledger.summary()).toMatchObject({ jobs: 3000, succeeded: 3000, credits: 3000 });
    expect(log.filter({ level: 'warn' })).toEqual([]);
    ledger.close();
    // Closing folds the rest in and truncates the WAL.
    expect(statSync(`${db}-wal`, { throwIfNoEntry: false })?.size ?? 0).toBe(0);
  });

  it('does nothing while the WAL is small', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'ledger-'));
    dirs.push(dir);
    const db = path.join(dir, 'ledger.sqlite');
    const ledger = await JobLedger.open(db, createTestLogger());
    ledger.recordStarted({ job_id: 'one', workload_id: null, runtime: 'wasm', started_at: 1, price: null });
    expect(await new LedgerCheckpointer({ dbPath: db, log: createTestLogger() }).maybeCheckpoint()).toBe(false);
    ledger.close();
  });
});
