// SQLite's WAL must be checkpointed into the database now and then, and a checkpoint fsyncs:
// on a slow disk that blocks for milliseconds. So the ledger turns automatic checkpoints off and
// this runs them in a short-lived worker thread (its own connection; WAL allows it), only when
// the WAL has grown, so the Island's event loop never waits on the disk.
import { stat } from 'node:fs/promises';
import { Worker } from 'node:worker_threads';
import type { Logger } from '../log/logger';

const WORKER_CODE = `
const { parentPort, workerData } = require('node:worker_threads');
process.emitWarning = () => {};
const { DatabaseSync } = require('node:sqlite');
const db = new DatabaseSync(workerData.path);
try {
  db.exec('PRAGMA busy_timeout = 2000');
  const r = db.prepare('PRAGMA wal_checkpoint(PASSIVE)').get();
  parentPort.postMessage({ ok: true, result: r });
} catch (err) {
  parentPort.postMessage({ ok: false, error: String(err) });
} finally {
  db.close();
}
`;

export interface CheckpointerOptions {
  dbPath: string;
  log: Logger;
  everyMs?: number;
  /** Checkpoint once the WAL file is larger than this. */
  walBytes?: number;
}

export class LedgerCheckpointer {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;

  constructor(private readonly opts: CheckpointerOptions) {}

  start(): void {
    this.timer = setInterval(() => void this.maybeCheckpoint(), this.opts.everyMs ?? 60_000);
    this.timer.unref();
  }

  stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    return this.running ?? Promise.resolve();
  }

  /** Checkpoints if the WAL passed its threshold; resolves when done (tests and shutdown use it). */
  async maybeCheckpoint(): Promise<boolean> {
    if (this.running) return false;
    const size = await stat(`${this.opts.dbPath}-wal`).then((s) => s.size, () => 0);
    if (size < (this.opts.walBytes ?? 1024 * 1024)) return false;
    this.running = this.checkpoint().finally(() => {
      this.running = null;
    });
    await this.running;
    return true;
  }

  private checkpoint(): Promise<void> {
    return new Promise((resolve) => {
      const worker = new Worker(WORKER_CODE, { eval: true, workerData: { path: this.opts.dbPath } });
      worker.once('message', (m: { ok: boolean; error?: string }) => {
        if (!m.ok) this.opts.log.warn('ledger checkpoint failed; it will be tried again', { error: m.error });
      });
      worker.once('error', (err) => this.opts.log.warn('ledger checkpoint worker failed', { error: String(err) }));
      worker.once('exit', () => resolve());
    });
  }
}
