// The agent's logging interface. Code depends on this, never on pino, so that the sink can change
// and tests can pass createTestLogger() (tests/helpers/test-logger.ts) instead.
import type { RecordLevel } from '../../../src-shared/log-filter';

export type LogLevel = RecordLevel;

export type LogFields = Record<string, unknown>;

export interface LogRecord {
  /** Unix milliseconds. */
  time: number;
  level: LogLevel;
  /** Dotted module path, e.g. `nats` or `jobs.docker`; `island` for the root logger. */
  module: string;
  msg: string;
  /** Already redacted and made serialisable. */
  fields: LogFields;
}

export interface Logger {
  trace(msg: string, fields?: LogFields): void;
  debug(msg: string, fields?: LogFields): void;
  info(msg: string, fields?: LogFields): void;
  warn(msg: string, fields?: LogFields): void;
  error(msg: string, fields?: LogFields): void;
  /** A logger for a sub-module: `child('docker')` of `jobs` logs as `jobs.docker`. */
  child(module: string): Logger;
}

export const ROOT_MODULE = 'island';

/** The module name of `child(name)` under `parent`; children of the root are top-level names. */
export function childModule(parent: string, name: string): string {
  return parent === ROOT_MODULE || parent === '' ? name : `${parent}.${name}`;
}
