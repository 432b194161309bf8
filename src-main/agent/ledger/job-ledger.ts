// The job ledger: one row per job this Island took — what ran, how long, how it ended, the price
// it asked and the credits that price earned. It feeds the dashboard's history, the local track
// record, and crash recovery (a row still `running` at start-up is a job a crash interrupted).
// SQLite in WAL mode with synchronous=NORMAL: a row write costs tens of microseconds, well under
// the event-loop budget, and survives a crash of the process.
import { existsSync, renameSync } from 'node:fs';
import type { DatabaseSync } from 'node:sqlite';
import type { TerminalJobState } from '../../../src-shared/protocol/messages';
import type { Logger } from '../log/logger';
import { loadSqlite } from './sqlite';

export interface LedgerRow {
  job_id: string;
  workload_id: string | null;
  runtime: string;
  started_at: number;
  finished_at: number | null;
  state: 'running' | TerminalJobState;
  error: string | null;
  duration_ms: number | null;
  tokens: number;
  price: string | null;
  credits: number;
}

export interface LedgerSummary {
  jobs: number;
  succeeded: number;
  failed: number;
  cancelled: number;
  successRate: number | null;
  avgDurationMs: number | null;
  credits: number;
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS jobs (
  job_id      TEXT PRIMARY KEY,
  workload_id TEXT,
  runtime     TEXT NOT NULL,
  started_at  INTEGER NOT NULL,
  finished_at INTEGER,
  state       TEXT NOT NULL,
  error       TEXT,
  duration_ms INTEGER,
  tokens      INTEGER NOT NULL DEFAULT 0,
  price       TEXT,
  credits     REAL NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS jobs_started_at ON jobs(started_at);
`;

type Statement = ReturnType<DatabaseSync['prepare']>;

export class JobLedger {
  private readonly started: Statement;
  private readonly finished: Statement;

  private constructor(private readonly db: DatabaseSync) {
    this.started = db.prepare(
      `INSERT INTO jobs (job_id, workload_id, runtime, started_at, state, price)
       VALUES (?, ?, ?, ?, 'running', ?)
       ON CONFLICT(job_id) DO UPDATE SET started_at = excluded.started_at, state = 'running',
         finished_at = NULL, error = NULL, duration_ms = NULL, tokens = 0, credits = 0, price = excluded.price`,
    );
    // First-price auction (product.md §3.2): a succeeded job earns this Island's own asking price.
    this.finished = db.prepare(
      `UPDATE jobs SET state = ?, error = ?, finished_at = ?, duration_ms = ?, tokens = ?,
         credits = CASE WHEN ? = 'succeeded' THEN COALESCE(CAST(price AS REAL), 0) ELSE 0 END
       WHERE job_id = ?`,
    );
  }

  /** Opens (or creates) the ledger. A file SQLite cannot read is moved aside, said loudly, and a new one started. */
  static async open(path: string, log: Logger): Promise<JobLedger> {
    const { DatabaseSync } = await loadSqlite();
    const openDb = () => {
      const db = new DatabaseSync(path);
      // Automatic checkpoints fsync inside a write; LedgerCheckpointer runs them off-thread.
      db.exec('PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA busy_timeout = 2000; PRAGMA wal_autocheckpoint = 0;');
      db.exec(SCHEMA);
      db.prepare('SELECT count(*) AS n FROM jobs').get();
      return db;
    };
    try {
      return new JobLedger(openDb());
    } catch (err) {
      if (!existsSync(path)) throw err;
      const aside = `${path}.corrupt-${Date.now()}`;
      renameSync(path, aside);
      log.error('the job ledger could not be read; it was moved aside and a new one started', {
        path,
        moved_to: aside,
        error: String(err),
      });
      return new JobLedger(openDb());
    }
  }

  recordStarted(row: { job_id: string; workload_id: string | null; runtime: string; started_at: number; price: string | null }): void {
    this.started.run(row.job_id, row.workload_id, row.runtime, row.started_at, row.price);
  }

  recordFinished(jobId: string, f: { state: TerminalJobState; error?: string; durationMs: number; tokens: number; at: number }): void {
    this.finished.run(f.state, f.error ?? null, f.at, Math.round(f.durationMs), f.tokens, f.state, jobId);
  }

  /** Jobs that were running when the Island last stopped without finishing them. */
  interrupted(): LedgerRow[] {
    return this.db.prepare(`SELECT * FROM jobs WHERE state = 'running' ORDER BY started_at`).all() as unknown as LedgerRow[];
  }

  recent(limit = 100): LedgerRow[] {
    return this.db.prepare('SELECT * FROM jobs ORDER BY started_at DESC LIMIT ?').all(limit) as unknown as LedgerRow[];
  }

  get(jobId: string): LedgerRow | undefined {
    return this.db.prepare('SELECT * FROM jobs WHERE job_id = ?').get(jobId) as unknown as LedgerRow | undefined;
  }

  /** Newest first; `before` (ms) pages back through older jobs. */
  history(limit: number, before?: number): LedgerRow[] {
    const rows = before === undefined
      ? this.db.prepare('SELECT * FROM jobs ORDER BY started_at DESC LIMIT ?').all(limit)
      : this.db.prepare('SELECT * FROM jobs WHERE started_at < ? ORDER BY started_at DESC LIMIT ?').all(before, limit);
    return rows as unknown as LedgerRow[];
  }

  /**
   * Jobs that ended since `sinceMs`, grouped by the local calendar day they ended on (the process's
   * time zone, as the dashboard shows it): `YYYY-MM-DD`, credits and job count; days without jobs are absent.
   */
  daily(sinceMs: number): Array<{ day: string; credits: number; jobs: number }> {
    return this.db
      .prepare(
        `SELECT date(finished_at / 1000, 'unixepoch', 'localtime') AS day, sum(credits) AS credits, count(*) AS jobs
         FROM jobs WHERE finished_at IS NOT NULL AND finished_at >= ? AND state != 'running'
         GROUP BY day ORDER BY day`,
      )
      .all(sinceMs) as unknown as Array<{ day: string; credits: number; jobs: number }>;
  }

  /** Every Cargo this Island has run, with the runtime it last ran on. */
  workloads(): Array<{ workload_id: string; runtime: string }> {
    return this.db
      .prepare(
        `SELECT workload_id, runtime FROM jobs j WHERE workload_id IS NOT NULL
           AND started_at = (SELECT max(started_at) FROM jobs WHERE workload_id = j.workload_id)
         GROUP BY workload_id ORDER BY workload_id`,
      )
      .all() as unknown as Array<{ workload_id: string; runtime: string }>;
  }

  summary(sinceMs = 0): LedgerSummary {
    const r = this.db
      .prepare(
        `SELECT count(*) AS jobs,
           sum(state = 'succeeded') AS succeeded, sum(state = 'failed') AS failed, sum(state = 'cancelled') AS cancelled,
           avg(CASE WHEN state = 'succeeded' THEN duration_ms END) AS avg_ms, sum(credits) AS credits
         FROM jobs WHERE started_at >= ? AND state != 'running'`,
      )
      .get(sinceMs) as Record<string, number | null>;
    const succeeded = r.succeeded ?? 0;
    const failed = r.failed ?? 0;
    const decided = succeeded + failed;
    return {
      jobs: r.jobs ?? 0,
      succeeded,
      failed,
      cancelled: r.cancelled ?? 0,
      successRate: decided > 0 ? succeeded / decided : null,
      avgDurationMs: r.avg_ms ?? null,
      credits: r.credits ?? 0,
    };
  }

  /** Closes, folding the WAL into the database first (shutdown may block; nothing waits on it). */
  close(): void {
    try {
      this.db.exec('PRAGMA wal_checkpoint(TRUNCATE)');
    } catch {
      // A checkpoint that cannot run now runs at the next start.
    }
    this.db.close();
  }
}
