// A per-job cap on the log records a Cargo's stdout may cause (containers and WASM alike): a Cargo
// flooding junk or `error` lines otherwise added one record per line, tens of thousands a second,
// to the log file and the dashboard's live log.
import type { LogFields, Logger } from '../log/logger';

/** Passes the first `max` records to the log, then only counts them. */
export class LogBudget {
  private used = 0;
  /** Records not written once the budget was spent. */
  skipped = 0;

  constructor(
    private readonly log: Logger,
    readonly max: number,
  ) {}

  debug(msg: string, fields?: LogFields): void {
    if (this.take()) this.log.debug(msg, fields);
  }

  warn(msg: string, fields?: LogFields): void {
    if (this.take()) this.log.warn(msg, fields);
  }

  private take(): boolean {
    if (this.used < this.max) {
      this.used += 1;
      return true;
    }
    this.skipped += 1;
    return false;
  }
}
