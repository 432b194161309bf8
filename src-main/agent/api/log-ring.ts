// The dashboard's live log: the last N records the logger let through (already redacted there),
// as LogEntries with an increasing seq, filterable by level and job. Fed by the logger's onRecord
// hook, so it costs one object per log line and nothing else.
import type { LogEntry, LogLevel } from '../../../src-shared/api/views';
import type { LogRecord } from '../log/types';

const LEVEL_RANK: Record<LogLevel, number> = { trace: 0, debug: 1, info: 2, warn: 3, error: 4 };
const MAX_FIELD_CHARS = 2_000;

export interface LogQuery {
  limit: number;
  minLevel: LogLevel;
  jobId?: string | undefined;
  after?: number | undefined;
}

export class LogRing {
  private readonly entries: Array<LogEntry | undefined>;
  private next = 0;
  private seq = 0;
  private readonly listeners = new Set<(entry: LogEntry) => void>();

  constructor(private readonly capacity = 2_000) {
    this.entries = new Array<LogEntry | undefined>(capacity);
  }

  /** The logger's onRecord hook. */
  readonly push = (record: LogRecord): void => {
    const entry = toEntry(record, ++this.seq);
    this.entries[this.next] = entry;
    this.next = (this.next + 1) % this.capacity;
    for (const fn of this.listeners) fn(entry);
  };

  onEntry(fn: (entry: LogEntry) => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  /** The newest `limit` entries that match, oldest first. */
  query(q: LogQuery): LogEntry[] {
    const min = LEVEL_RANK[q.minLevel];
    const out: LogEntry[] = [];
    for (let i = 1; i <= this.capacity && out.length < q.limit; i++) {
      const e = this.entries[(this.next - i + this.capacity) % this.capacity];
      if (!e) break;
      if (q.after !== undefined && e.seq <= q.after) break;
      if (LEVEL_RANK[e.level] < min) continue;
      if (q.jobId !== undefined && e.jobId !== q.jobId) continue;
      out.push(e);
    }
    return out.reverse();
  }
}

function toEntry(r: LogRecord, seq: number): LogEntry {
  const fields: LogEntry['fields'] = {};
  for (const [k, v] of Object.entries(r.fields)) {
    if (v === null || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') fields[k] = typeof v === 'string' ? clip(v) : v;
    else if (v !== undefined) fields[k] = clip(JSON.stringify(v) ?? String(v));
  }
  const jobId = r.fields.job_id;
  return { seq, at: r.time, level: r.level, scope: r.module, message: r.msg, jobId: typeof jobId === 'string' ? jobId : null, fields };
}

function clip(s: string): string {
  return s.length > MAX_FIELD_CHARS ? `${s.slice(0, MAX_FIELD_CHARS)}…` : s;
}
