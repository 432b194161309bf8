// A container Cargo's stdout turned into job output, by the container column of §3.15:
// `status` "ready" → the `streaming` status (once; other statuses publish nothing), `token` → an
// output chunk, `progress` and `image` → their subjects, `done` → nothing (the runtime sends the
// final chunk when the container exits 0), `error` → the log (the exit code decides the outcome).
// Lines are split on raw bytes, so UTF-8 split across frames survives; a line that does not parse
// is logged at debug level and skipped; a last line without its `\n` is discarded at exit.
// What a Cargo's stdout puts in the Island's log (junk lines, `error` and other `status` lines) is
// capped per job: a hostile Cargo flooding such lines otherwise grew the log (and the dashboard's
// live log) by one record per line, at a few hundred thousand lines a second.
import type { WorkloadLine } from '../../../../src-shared/protocol/messages';
import { isLineTooLong, JsonLineSplitter, parseWorkloadLine } from '../../../../src-shared/protocol/workload-io';
import type { JobEmitter } from '../../jobs/runtime';
import type { Logger } from '../../log/logger';
import { LogBudget } from '../log-budget';

/** Room for an `image` line carrying a base64 PNG of a large picture. */
export const MAX_STDOUT_LINE_BYTES = 32 * 1024 * 1024;

/** Log records one job's stdout may cause; the rest are counted and summed up at exit. */
export const MAX_STDOUT_LOG_RECORDS = 20;

type StdoutLog = Pick<Logger, 'debug' | 'warn'>;

export class CargoStdout {
  private readonly splitter: JsonLineSplitter;
  private readonly notes: LogBudget;
  /** Lines that were not valid workload lines. */
  ignored = 0;

  constructor(
    private readonly emit: JobEmitter,
    private readonly log: Logger,
    maxLineBytes = MAX_STDOUT_LINE_BYTES,
    maxLogRecords = MAX_STDOUT_LOG_RECORDS,
  ) {
    this.splitter = new JsonLineSplitter({ maxLineBytes });
    this.notes = new LogBudget(log, maxLogRecords);
  }

  push(bytes: Uint8Array): void {
    for (const line of this.splitter.push(bytes)) this.line(line);
  }

  /** The container exited: a partial last line is dropped, as the reference does. */
  end(): void {
    const rest = this.splitter.flush();
    if (rest !== null) this.log.debug('discarded the last stdout line: it had no newline when the Cargo exited', { bytes: rest.length });
    if (this.notes.skipped > 0) {
      this.log.info(`stdout: ${this.notes.skipped} more ignored, error or status lines not logged (the log keeps ${this.notes.max} per job)`);
    }
  }

  private line(text: string): void {
    if (isLineTooLong(text)) {
      this.ignored += 1;
      this.notes.warn(`skipped a stdout line longer than ${MAX_STDOUT_LINE_BYTES} bytes`);
      return;
    }
    const parsed = parseWorkloadLine(text);
    if (!parsed.ok) {
      this.ignored += 1;
      this.notes.debug(`ignored stdout line: ${parsed.error}`);
      return;
    }
    applyContainerLine(parsed.value, this.emit, this.notes);
  }
}

export function applyContainerLine(line: WorkloadLine, emit: JobEmitter, log: StdoutLog): void {
  switch (line.type) {
    case 'status':
      if (line.message === 'ready') emit.streaming();
      else log.debug(`Cargo status: ${line.message}`);
      return;
    case 'token':
      emit.token(line.content);
      return;
    case 'progress':
      emit.progress(line.step, line.total);
      return;
    case 'image':
      emit.image({ data: line.data, format: line.format, width: line.width, height: line.height });
      return;
    case 'done':
      log.debug('Cargo reported done', { ...(line.usage ? { usage: line.usage } : {}) });
      return;
    case 'error':
      log.warn(`Cargo reported an error: ${line.message}`);
      return;
  }
}
