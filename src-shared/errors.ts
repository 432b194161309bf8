// Typed errors shared by every layer. Each class sets `name` so that a log line or an IPC payload
// can say what failed without `instanceof` (which does not survive structured cloning), and takes
// `cause` so the underlying error is never lost.

export interface IslandErrorOptions {
  cause?: unknown;
}

export class IslandError extends Error {
  // Written out (not new.target.name) so that a minifying bundler cannot rename it.
  override name = 'IslandError';

  constructor(message: string, options?: IslandErrorOptions) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
  }
}

/** One problem found in a config file. `line` is 1-based; absent when no line can be named. */
export interface ConfigProblem {
  file: string;
  line?: number;
  column?: number;
  /** Dotted key path as written in the file, e.g. `workload.resource_limits.memory_mb`. */
  key?: string;
  message: string;
  /** The whole human-readable line: `<file>:<line>: <key>: <message>`. */
  text: string;
}

/**
 * A config file that cannot be used: missing (when the user named it), unreadable, not TOML, or
 * not valid against the schema. `problems` lists every error found, not just the first.
 */
export class ConfigError extends IslandError {
  override name = 'ConfigError';
  readonly file: string;
  readonly problems: readonly ConfigProblem[];
  /** Warnings found alongside the errors (an unknown key often explains a missing one). */
  readonly warnings: readonly ConfigProblem[];

  constructor(file: string, problems: readonly ConfigProblem[], options?: IslandErrorOptions & { warnings?: readonly ConfigProblem[] }) {
    super(problems.map((p) => p.text).join('\n') || `invalid config file ${file}`, options);
    this.file = file;
    this.problems = problems;
    this.warnings = options?.warnings ?? [];
  }

  /** A ConfigError about the file as a whole (not found, unreadable). */
  static forFile(file: string, message: string, options?: IslandErrorOptions): ConfigError {
    return new ConfigError(file, [{ file, message, text: message }], options);
  }
}

/** state.json cannot be read, moved aside or written. */
export class StateError extends IslandError {
  override name = 'StateError';
  readonly file: string;

  constructor(file: string, message: string, options?: IslandErrorOptions) {
    super(message, options);
    this.file = file;
  }
}

/** Formats `<file>:<line>[:<column>]: <key>: <message>`, leaving out the parts that are unknown. */
export function formatProblemText(p: Omit<ConfigProblem, 'text'>): string {
  let where = p.file;
  if (p.line !== undefined) where += `:${p.line}`;
  if (p.line !== undefined && p.column !== undefined) where += `:${p.column}`;
  return p.key ? `${where}: ${p.key}: ${p.message}` : `${where}: ${p.message}`;
}

/** The message of anything thrown: an Error's message (or name), or the value as text. */
export function errorMessage(err: unknown): string {
  if (err instanceof Error) return err.message || err.name;
  return String(err);
}
