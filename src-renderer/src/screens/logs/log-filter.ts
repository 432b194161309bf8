// Which log entries the Logs screen shows: at or above a level, optionally of one job, merged
// from logs.get and live 'log' events without duplicates (by seq), capped.
import type { LogEntry, LogLevel } from '../../../../src-shared/api/views';

export const LOG_LEVELS: readonly LogLevel[] = ['trace', 'debug', 'info', 'warn', 'error'];
export const MAX_LOG_ENTRIES = 2000;

export interface LogFilter {
  minLevel: LogLevel;
  /** Substring of the job id; empty: every entry. */
  jobId: string;
}

export function passes(entry: LogEntry, filter: LogFilter): boolean {
  if (LOG_LEVELS.indexOf(entry.level) < LOG_LEVELS.indexOf(filter.minLevel)) return false;
  const job = filter.jobId.trim();
  return job === '' || (entry.jobId !== null && entry.jobId.includes(job));
}

/** Loaded and live entries in seq order, each once, the newest `max` kept. */
export function mergeLogs(loaded: readonly LogEntry[], live: readonly LogEntry[], max = MAX_LOG_ENTRIES): LogEntry[] {
  const bySeq = new Map<number, LogEntry>();
  for (const e of loaded) bySeq.set(e.seq, e);
  for (const e of live) bySeq.set(e.seq, e);
  const all = [...bySeq.values()].sort((a, b) => a.seq - b.seq);
  return all.length > max ? all.slice(all.length - max) : all;
}
