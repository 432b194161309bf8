// An in-memory Logger for tests: records are redacted and normalised exactly as the real logger
// does, so a test can also assert that nothing secret was logged.
import { redactText, sanitizeFields } from '../../src-main/agent/log/redact';
import { ROOT_MODULE, childModule } from '../../src-main/agent/log/types';
import type { LogFields, LogLevel, LogRecord, Logger } from '../../src-main/agent/log/types';

export interface RecordQuery {
  level?: LogLevel;
  /** Exact module, e.g. `nats` or `jobs.docker`. */
  module?: string;
  /** Substring or pattern of the message. */
  msg?: string | RegExp;
  /** Fields that must be present with these values (compared with Object.is / JSON for objects). */
  fields?: LogFields;
}

export interface TestLogger extends Logger {
  /** Every record logged through this logger or any of its children, in order. */
  readonly records: LogRecord[];
  find(query: RecordQuery | ((r: LogRecord) => boolean)): LogRecord | undefined;
  filter(query: RecordQuery | ((r: LogRecord) => boolean)): LogRecord[];
  has(query: RecordQuery): boolean;
  /** Messages, optionally of one level only. */
  messages(level?: LogLevel): string[];
  clear(): void;
  /** The records as text lines (`LEVEL module: msg key=value`), for readable failure output. */
  dump(): string;
}

function sameValue(a: unknown, b: unknown): boolean {
  if (typeof a === 'object' && a !== null) return JSON.stringify(a) === JSON.stringify(b);
  return Object.is(a, b);
}

function matches(record: LogRecord, q: RecordQuery): boolean {
  if (q.level && record.level !== q.level) return false;
  if (q.module !== undefined && record.module !== q.module) return false;
  if (q.msg !== undefined && !(typeof q.msg === 'string' ? record.msg.includes(q.msg) : q.msg.test(record.msg))) return false;
  if (q.fields) {
    for (const [k, v] of Object.entries(q.fields)) if (!sameValue(record.fields[k], v)) return false;
  }
  return true;
}

export function createTestLogger(options: { module?: string; now?: () => number } = {}): TestLogger {
  const records: LogRecord[] = [];
  const now = options.now ?? Date.now;
  const toPredicate = (q: RecordQuery | ((r: LogRecord) => boolean)) => (typeof q === 'function' ? q : (r: LogRecord) => matches(r, q));

  const make = (module: string): Logger => {
    const at = (level: LogLevel) => (msg: string, fields?: LogFields) => {
      records.push({ time: now(), level, module, msg: redactText(String(msg)), fields: sanitizeFields(fields) });
    };
    return {
      trace: at('trace'),
      debug: at('debug'),
      info: at('info'),
      warn: at('warn'),
      error: at('error'),
      child: (name) => make(childModule(module, name)),
    };
  };

  return {
    ...make(options.module ?? ROOT_MODULE),
    records,
    find: (q) => records.find(toPredicate(q)),
    filter: (q) => records.filter(toPredicate(q)),
    has: (q) => records.some(toPredicate(q)),
    messages: (level) => records.filter((r) => !level || r.level === level).map((r) => r.msg),
    clear: () => {
      records.length = 0;
    },
    dump: () => records.map((r) => `${r.level.toUpperCase()} ${r.module}: ${r.msg}${Object.entries(r.fields).map(([k, v]) => ` ${k}=${JSON.stringify(v)}`).join('')}`).join('\n'),
  };
}
