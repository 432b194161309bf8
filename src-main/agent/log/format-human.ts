// The human log line: `2026-11-22T10:00:00.123Z INFO  nats: connected to nats://… server_id=abc`.
// One line per record, whatever the message contains, so a forged newline cannot fake a record.
import type { LogFields, LogLevel } from './types';

const LEVEL_COLOUR: Record<LogLevel, string> = {
  trace: '\x1b[90m',
  debug: '\x1b[34m',
  info: '\x1b[32m',
  warn: '\x1b[33m',
  error: '\x1b[31m',
};
const RESET = '\x1b[0m';
const DIM = '\x1b[2m';

/** Escapes line breaks and other control characters. */
export function oneLine(text: string): string {
  // eslint-disable-next-line no-control-regex -- matching control characters is the point here
  return text.replace(/[\u0000-\u001f\u007f\u2028\u2029]/g, (ch) => {
    if (ch === '\n') return '\\n';
    if (ch === '\r') return '\\r';
    if (ch === '\t') return '\\t';
    return `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`;
  });
}

function isErrorLike(value: unknown): value is { type: string; message: string } {
  return typeof value === 'object' && value !== null && typeof (value as { message?: unknown }).message === 'string' && typeof (value as { type?: unknown }).type === 'string';
}

export function formatFieldValue(value: unknown): string {
  if (typeof value === 'string') return /^[^\s"=\\]+$/.test(value) ? value : oneLine(JSON.stringify(value));
  if (value === undefined) return 'undefined';
  if (isErrorLike(value)) return JSON.stringify(`${value.type}: ${value.message}`);
  if (typeof value === 'object') return oneLine(JSON.stringify(value));
  return String(value);
}

export interface HumanLine {
  time: string;
  level: LogLevel;
  module: string;
  msg: string;
  fields: LogFields;
}

export function formatHumanLine(line: HumanLine, colour: boolean): string {
  const label = line.level.toUpperCase().padEnd(5);
  const level = colour ? `${LEVEL_COLOUR[line.level]}${label}${RESET}` : label;
  const time = colour ? `${DIM}${line.time}${RESET}` : line.time;
  let text = `${time} ${level} ${line.module}: ${oneLine(line.msg)}`;
  for (const [key, value] of Object.entries(line.fields)) text += ` ${oneLine(key)}=${formatFieldValue(value)}`;
  return text;
}
