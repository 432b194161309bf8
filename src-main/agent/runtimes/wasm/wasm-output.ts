// A module's stdout, turned into what the coordinator sees (§3.15, WASM column) as each line is
// completed, not after the module exits as the Rust Island does. Lines are split on raw bytes,
// so a character cut across two writes survives. What the lines put in the log is capped per job.
import { isLineTooLong, JsonLineSplitter, parseWorkloadLine } from '../../../../src-shared/protocol/workload-io';
import type { JobEmitter } from '../../jobs/runtime';
import type { Logger } from '../../log/logger';
import { MAX_STDOUT_LOG_RECORDS } from '../container/cargo-stdout';
import { LogBudget } from '../log-budget';

export class WasmOutput {
  private readonly splitter: JsonLineSplitter;
  private readonly notes: LogBudget;
  private ignored = 0;

  constructor(
    private readonly emit: JobEmitter,
    private readonly log: Logger,
    maxLineBytes: number,
    maxLogRecords = MAX_STDOUT_LOG_RECORDS,
  ) {
    this.splitter = new JsonLineSplitter({ maxLineBytes });
    this.notes = new LogBudget(log, maxLogRecords);
  }

  /** Lines the module wrote that were not valid workload lines. */
  get ignoredLines(): number {
    return this.ignored;
  }

  push(bytes: Uint8Array): void {
    for (const line of this.splitter.push(bytes)) this.line(line);
  }

  /** The module ended: its last line counts even without a `\n` (the Rust WASM path splits the whole output). */
  end(): void {
    const last = this.splitter.flush();
    if (last !== null) this.line(last);
    if (this.notes.skipped > 0) {
      this.log.info(`stdout: ${this.notes.skipped} more ignored or error lines not logged (the log keeps ${this.notes.max} per job)`);
    }
  }

  private line(text: string): void {
    if (isLineTooLong(text)) {
      this.ignored += 1;
      this.notes.debug('wasm module wrote a line over the length limit; ignored');
      return;
    }
    const parsed = parseWorkloadLine(text);
    if (!parsed.ok) {
      this.ignored += 1;
      this.notes.debug('ignored a wasm output line', { reason: parsed.error });
      return;
    }
    const line = parsed.value;
    switch (line.type) {
      case 'status':
        // Any status line, not only "ready" as for containers (§12.2 quirk 4).
        return this.emit.streaming();
      case 'token':
        return this.emit.token(line.content);
      case 'progress':
        return this.emit.progress(line.step, line.total);
      case 'image':
        return this.emit.image({ data: line.data, format: line.format, width: line.width, height: line.height });
      case 'done':
        return this.emit.final('');
      case 'error':
        // The exit code decides the outcome; the module's own words go to the log.
        this.notes.warn('wasm module reported an error', { message: line.message });
        return;
    }
  }
}
