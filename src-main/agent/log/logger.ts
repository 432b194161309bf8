// The agent's logger: per-module levels from a RUST_LOG-style filter, secrets redacted, human lines
// (through pino-pretty, used synchronously: no worker thread to lose lines in a crash) or JSON
// lines (ARCHIPELAG_LOG_JSON), an optional size-capped log file, and a hook that hands every
// record to the dashboard's live log. pino stays behind this file: nothing else imports it.
import { pino } from 'pino';
import { prettyFactory } from 'pino-pretty';
import { levelEnabled, levelFor } from '../../../src-shared/log-filter';
import type { FilterLevel, LogFilter } from '../../../src-shared/log-filter';
import { createFileSink } from './file-sink';
import type { FileSink, FileSinkOptions } from './file-sink';
import { formatHumanLine } from './format-human';
import { redactText, sanitizeFields } from './redact';
import { ROOT_MODULE, childModule } from './types';
import type { LogFields, LogLevel, LogRecord, Logger } from './types';

export type { LogFields, LogLevel, LogRecord, Logger };

export interface CreateLoggerOptions {
  filter: LogFilter;
  json: boolean;
  /** Defaults to process.stdout (where the Rust Island logs). */
  stream?: NodeJS.WritableStream;
  file?: FileSinkOptions;
  /** Receives every record that passes the filter, already redacted. */
  onRecord?: (record: LogRecord) => void;
  /** Colour the human format; defaults to whether `stream` is a TTY. Never used for the file. */
  colour?: boolean;
  /** Clock, for tests. */
  now?: () => number;
}

export type RootLogger = Logger & {
  /** Resolves when everything logged so far has been handed to the stream and written to the file. */
  flush(): Promise<void>;
  /** Flushes and closes the log file; the console stream is left open. */
  close(): Promise<void>;
};

/** Defaults for the log file under `<home>/logs`: 10 MiB per file, 5 older files. */
export const DEFAULT_LOG_FILE_MAX_BYTES = 10 * 1024 * 1024;
export const DEFAULT_LOG_FILE_KEEP = 5;

const RESERVED = new Set(['time', 'level', 'module', 'msg']);

/** pino owns `time`, `level`, `module` and `msg` in a JSON line; a field with such a name is kept as `_name`. */
function withoutReservedKeys(fields: LogFields): LogFields {
  if (!Object.keys(fields).some((k) => RESERVED.has(k))) return fields;
  const out: LogFields = {};
  for (const [k, v] of Object.entries(fields)) out[RESERVED.has(k) ? `_${k}` : k] = v;
  return out;
}

function humanFormatter(colour: boolean): (jsonLine: string) => string {
  return prettyFactory({
    colorize: false,
    hideObject: true,
    ignore: 'time,level,module,msg',
    messageFormat: (log) => {
      const { time, level, module, msg, ...fields } = log;
      return formatHumanLine({ time: String(time), level: level as LogLevel, module: String(module), msg: String(msg ?? ''), fields }, colour);
    },
  });
}

export function createLogger(options: CreateLoggerOptions): RootLogger {
  const stream = options.stream ?? process.stdout;
  const now = options.now ?? Date.now;
  const colour = options.colour ?? (stream as { isTTY?: boolean }).isTTY === true;
  const plainHuman = options.json ? undefined : humanFormatter(false);
  const consoleHuman = options.json ? undefined : colour ? humanFormatter(true) : plainHuman;
  let closed = false;
  let fileSink: FileSink | undefined;
  if (options.file) {
    fileSink = createFileSink(options.file, (err) => {
      stream.write(`${new Date(now()).toISOString()} ERROR island: log file disabled: ${redactText(err.message)}\n`);
    });
  }

  let recordTime = 0;
  const engine = pino(
    {
      level: 'trace',
      base: undefined,
      messageKey: 'msg',
      // Fields arrive already sanitised (redact.ts); pino's own err serializer would rename them.
      serializers: { err: (value: unknown) => value },
      timestamp: () => `,"time":"${new Date(recordTime).toISOString()}"`,
      formatters: { level: (label) => ({ level: label }) },
    },
    {
      write(line: string) {
        stream.write(consoleHuman ? consoleHuman(line) : line);
        if (fileSink && !closed) fileSink.write(plainHuman ? plainHuman(line) : line);
      },
    },
  );

  const emit = (module: string, level: LogLevel, msg: string, fields: LogFields | undefined) => {
    const record: LogRecord = { time: now(), level, module, msg: redactText(String(msg)), fields: sanitizeFields(fields) };
    recordTime = record.time;
    engine[level]({ module, ...withoutReservedKeys(record.fields) }, record.msg);
    if (options.onRecord) {
      try {
        options.onRecord(record);
      } catch {
        // A failing listener (the dashboard) must never break logging or the code that logs.
      }
    }
  };

  const make = (module: string): Logger => {
    const threshold: FilterLevel = levelFor(options.filter, module);
    const at = (level: LogLevel) => (msg: string, fields?: LogFields) => {
      if (levelEnabled(threshold, level)) emit(module, level, msg, fields);
    };
    return {
      trace: at('trace'),
      debug: at('debug'),
      info: at('info'),
      warn: at('warn'),
      error: at('error'),
      child: (name: string) => make(childModule(module, name)),
    };
  };

  const flush = async () => {
    const writable = stream as { writableNeedDrain?: boolean; once?: (event: string, fn: () => void) => void };
    if (writable.writableNeedDrain && writable.once) await new Promise<void>((resolve) => writable.once!('drain', resolve));
    await fileSink?.flush();
  };

  return {
    ...make(ROOT_MODULE),
    flush,
    async close() {
      await flush();
      closed = true;
      await fileSink?.close();
    },
  };
}
