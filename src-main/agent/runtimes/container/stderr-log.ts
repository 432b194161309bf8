// A Cargo's stderr goes to the job's log line by line, up to a budget per job so that a chatty
// Cargo cannot flood the Island's log; the last bytes are kept for the failure report.
import type { Logger } from '../../log/logger';

const utf8 = new TextDecoder('utf-8');
const MAX_LINE_CHARS = 4_000;

export interface StderrLogOptions {
  /** Bytes of stderr written to the log per job (default 64 KiB). */
  logBudgetBytes?: number;
  /** Bytes kept for tail() (default 64 KiB). */
  tailBytes?: number;
}

export class StderrLog {
  private pending: Uint8Array = new Uint8Array(0);
  private tailChunks: Uint8Array[] = [];
  private tailSize = 0;
  private logged = 0;
  private skipped = 0;
  private readonly budget: number;
  private readonly tailMax: number;

  constructor(
    private readonly log: Logger,
    opts: StderrLogOptions = {},
  ) {
    this.budget = opts.logBudgetBytes ?? 64 * 1024;
    this.tailMax = opts.tailBytes ?? 64 * 1024;
  }

  push(bytes: Uint8Array): void {
    this.keep(bytes);
    let data = concat(this.pending, bytes);
    for (let nl = data.indexOf(0x0a); nl >= 0; nl = data.indexOf(0x0a)) {
      this.write(data.subarray(0, nl));
      data = data.subarray(nl + 1);
    }
    // A line with no end in sight is logged in pieces rather than held without bound.
    if (data.length > MAX_LINE_CHARS) {
      this.write(data);
      data = new Uint8Array(0);
    }
    this.pending = data.slice();
  }

  end(): void {
    if (this.pending.length > 0) this.write(this.pending);
    this.pending = new Uint8Array(0);
    if (this.skipped > 0) this.log.info(`stderr: ${this.skipped} more bytes not logged (the log keeps ${this.budget} bytes per job)`);
  }

  /** The last `maxBytes` of stderr as text. */
  tail(maxBytes = 4096): string {
    const all = this.tailChunks.reduce((acc, c) => concat(acc, c), new Uint8Array(0));
    return utf8.decode(all.subarray(Math.max(0, all.length - maxBytes))).replace(/^\uFFFD+/, '');
  }

  private keep(bytes: Uint8Array): void {
    this.tailChunks.push(bytes.slice());
    this.tailSize += bytes.length;
    while (this.tailChunks.length > 1 && this.tailSize - this.tailChunks[0]!.length >= this.tailMax) {
      this.tailSize -= this.tailChunks.shift()!.length;
    }
  }

  private write(line: Uint8Array): void {
    // Once over budget, nothing more is logged, so the log never shows lines out of order.
    if (this.skipped > 0 || this.logged + line.length > this.budget) {
      this.skipped += line.length + 1;
      return;
    }
    this.logged += line.length + 1;
    const text = utf8.decode(line).replace(/\r$/, '');
    if (text.trim() !== '') this.log.info(`stderr: ${text.length > MAX_LINE_CHARS ? `${text.slice(0, MAX_LINE_CHARS)}…` : text}`);
  }
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  if (a.length === 0) return b;
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}
