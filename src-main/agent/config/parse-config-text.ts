// Parses config.toml text into a validated IslandConfig, naming the file, line and key of every
// problem. Shared by the loader and by patchConfigFile (which must re-read what it is about to edit).
import { parseDocument } from '@decimalturn/toml-patch';
import { ConfigError, formatProblemText } from '../../../src-shared/errors';
import type { ConfigProblem } from '../../../src-shared/errors';
import { formatKeyPath } from '../../../src-shared/config/keys';
import { validateConfig } from '../../../src-shared/config/validate';
import type { ConfigIssue } from '../../../src-shared/config/validate';
import type { IslandConfig } from '../../../src-shared/config/schema';
import { keyLines } from './toml-lines';
import type { KeyLines } from './toml-lines';

/** A warning about a config file: `text` is `<file>:<line>: <key>: <message>`. */
export type ConfigWarning = ConfigProblem;

export interface ParsedConfigText {
  config: IslandConfig;
  warnings: ConfigWarning[];
  /** The file as the TOML parser read it (null-prototype tables), unknown keys included. */
  raw: Record<string, unknown>;
}

interface TomlSyntaxError {
  message: string;
  line: number;
  column: number;
}

function isTomlSyntaxError(e: unknown): e is TomlSyntaxError {
  return e instanceof Error && typeof (e as Partial<TomlSyntaxError>).line === 'number' && typeof (e as Partial<TomlSyntaxError>).column === 'number';
}

/** toml-patch's message repeats the source line and a caret; its last line is the reason. */
function syntaxReason(message: string): string {
  const lines = message.split('\n').filter((l) => l.trim() !== '');
  return lines[lines.length - 1] ?? message;
}

export function toProblem(file: string, issue: ConfigIssue, lines: KeyLines | undefined): ConfigProblem {
  const key = issue.path.length > 0 ? formatKeyPath(issue.path) : undefined;
  const line = lines?.lineOf(issue.path);
  const problem: Omit<ConfigProblem, 'text'> = { file, message: issue.message };
  if (line !== undefined) problem.line = line;
  if (key !== undefined) problem.key = key;
  return { ...problem, text: formatProblemText(problem) };
}

const byLine = (a: ConfigProblem, b: ConfigProblem) => (a.line ?? 0) - (b.line ?? 0);

/** Throws ConfigError for invalid UTF-8, a TOML syntax error, or schema errors (all of them). */
export function parseConfigText(text: string | Uint8Array, file: string): ParsedConfigText {
  let source: string;
  try {
    source = typeof text === 'string' ? text : new TextDecoder('utf-8', { fatal: true }).decode(text);
  } catch (cause) {
    throw ConfigError.forFile(file, `${file}: not valid UTF-8 text (TOML files must be UTF-8)`, { cause });
  }
  let doc: ReturnType<typeof parseDocument>;
  let raw: Record<string, unknown>;
  try {
    doc = parseDocument(source);
    // Some errors (a key defined twice) only surface when the document is turned into values.
    raw = doc.toJsObject as Record<string, unknown>;
  } catch (cause) {
    if (!isTomlSyntaxError(cause)) throw ConfigError.forFile(file, `${file}: cannot parse: ${String(cause)}`, { cause });
    const problem = { file, line: cause.line, column: cause.column + 1, message: `invalid TOML: ${syntaxReason(cause.message)}` };
    throw new ConfigError(file, [{ ...problem, text: formatProblemText(problem) }], { cause });
  }
  const lines = keyLines(doc.cst);
  const result = validateConfig(raw);
  const warnings = result.warnings.map((w) => toProblem(file, w, lines)).sort(byLine);
  if (!result.config) {
    throw new ConfigError(file, result.errors.map((e) => toProblem(file, e, lines)).sort(byLine), { warnings });
  }
  return { config: result.config, warnings, raw };
}
