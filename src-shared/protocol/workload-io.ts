// A Cargo's stdout: JSON Lines, one tagged object per line (../shared/reference/island-protocol.md §3.14).
// The splitter works on raw bytes so a multi-byte UTF-8 character split across two chunks survives
// (the Rust Island drops such a chunk whole), and it never buffers more than one line's worth.

import * as z from 'zod';
import { checkNumberForms, type NumberForms } from './decode-core';
import { parseJson } from './json-text';
import type { WorkloadLine } from './messages';
import { expectedGot, expecting, formatIssues, wire } from './wire-schema';

/**
 * What `push` returns in place of a line longer than `maxLineBytes`. It contains `\n`, which no
 * real line can, so a Cargo cannot forge it; passed to parseWorkloadLine it is simply invalid.
 */
export const LINE_TOO_LONG = '\n[line too long]\n';

export function isLineTooLong(line: string): boolean {
  return line === LINE_TOO_LONG;
}

export const DEFAULT_MAX_LINE_BYTES = 1024 * 1024;

export interface JsonLineSplitterOptions {
  /** Longest line kept, in bytes without the `\n`. Image lines carry base64 PNGs: size this for them. */
  maxLineBytes?: number;
}

const NEWLINE = 0x0a;
const utf8 = new TextDecoder('utf-8');

export class JsonLineSplitter {
  private readonly maxLineBytes: number;
  private chunks: Uint8Array[] = [];
  private size = 0;
  /** True while skipping the rest of a line already reported as too long. */
  private discarding = false;
  /** Lines replaced by LINE_TOO_LONG so far. */
  droppedLines = 0;

  constructor(options: JsonLineSplitterOptions = {}) {
    this.maxLineBytes = options.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES;
  }

  /** Bytes of the incomplete last line held back for the next push. */
  get pendingBytes(): number {
    return this.size;
  }

  /**
   * The complete, non-blank lines that `bytes` finishes, decoded as UTF-8 (invalid sequences
   * become U+FFFD). A too-long line comes back once as LINE_TOO_LONG, as soon as it overflows.
   */
  push(bytes: Uint8Array): string[] {
    const lines: string[] = [];
    let start = 0;
    for (let nl = bytes.indexOf(NEWLINE); nl >= 0; nl = bytes.indexOf(NEWLINE, start)) {
      const piece = bytes.subarray(start, nl);
      start = nl + 1;
      if (this.discarding) {
        this.discarding = false;
      } else if (this.size + piece.length > this.maxLineBytes) {
        lines.push(this.tooLong());
      } else {
        const line = this.decode(piece);
        if (line.trim() !== '') lines.push(line);
      }
      this.reset();
    }
    const rest = bytes.subarray(start);
    if (rest.length > 0 && !this.discarding) {
      if (this.size + rest.length > this.maxLineBytes) {
        lines.push(this.tooLong());
        this.reset();
        this.discarding = true;
      } else {
        // Copied: stream implementations may reuse the chunk's memory after the callback.
        this.chunks.push(rest.slice());
        this.size += rest.length;
      }
    }
    return lines;
  }

  /** The trailing line that never got its `\n` (null if none or blank), and a fresh start. */
  flush(): string | null {
    const line = this.discarding || this.size === 0 ? null : this.decode(new Uint8Array(0));
    this.reset();
    this.discarding = false;
    return line === null || line.trim() === '' ? null : line;
  }

  private tooLong(): string {
    this.droppedLines += 1;
    return LINE_TOO_LONG;
  }

  private decode(last: Uint8Array): string {
    if (this.chunks.length === 0) return utf8.decode(last);
    const all = new Uint8Array(this.size + last.length);
    let offset = 0;
    for (const chunk of this.chunks) {
      all.set(chunk, offset);
      offset += chunk.length;
    }
    all.set(last, offset);
    return utf8.decode(all);
  }

  private reset(): void {
    this.chunks = [];
    this.size = 0;
  }
}

// ---------------------------------------------------------------- one line → WorkloadLine

// u64::MAX rounds up to exactly 2^64 as a double.
const U64_MAX_AS_DOUBLE = 2 ** 64;

// A diffusers seed is a random u64, often beyond 2^53: serde takes it, so rejecting the whole
// `done` line would lose the job's final chunk. Kept as the nearest double.
const seedSchema = z.custom<number>(
  (v) => typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= U64_MAX_AS_DOUBLE,
  { error: expecting('a non-negative integer (u64) or null') },
);

const optionalU32 = () => wire.optionalNullable(wire.u32('a non-negative integer (u32) or null'));

type DoneLine = Extract<WorkloadLine, { type: 'done' }>;

const doneSchema = wire
  .object({
    usage: wire.optionalNullable(wire.object({ prompt_tokens: optionalU32(), completion_tokens: optionalU32() })),
    seed: wire.optionalNullable(seedSchema),
  })
  .transform((m): DoneLine => {
    // WorkloadLine marks absent values by leaving keys out; serde's None may arrive as null.
    const done: DoneLine = { type: 'done' };
    if (m.usage != null) {
      done.usage = {};
      if (m.usage.prompt_tokens != null) done.usage.prompt_tokens = m.usage.prompt_tokens;
      if (m.usage.completion_tokens != null) done.usage.completion_tokens = m.usage.completion_tokens;
    }
    if (m.seed != null) done.seed = m.seed;
    return done;
  });

type LineType = WorkloadLine['type'];

const LINE_SCHEMAS: Record<LineType, z.ZodType<WorkloadLine>> = {
  status: wire.object({ message: wire.string() }).transform((m) => ({ type: 'status' as const, message: m.message })),
  token: wire.object({ content: wire.string() }).transform((m) => ({ type: 'token' as const, content: m.content })),
  progress: wire
    .object({ step: wire.u32(), total: wire.u32() })
    .transform((m) => ({ type: 'progress' as const, step: m.step, total: m.total })),
  image: wire
    .object({ data: wire.string(), format: wire.string(), width: wire.u32(), height: wire.u32() })
    .transform((m) => ({ type: 'image' as const, data: m.data, format: m.format, width: m.width, height: m.height })),
  done: doneSchema,
  error: wire.object({ message: wire.string() }).transform((m) => ({ type: 'error' as const, message: m.message })),
};

const LINE_FORMS: Record<LineType, NumberForms> = {
  status: {},
  token: {},
  progress: { integers: ['step', 'total'] },
  image: { integers: ['width', 'height'] },
  done: { integers: ['usage.prompt_tokens', 'usage.completion_tokens', 'seed'] },
  error: {},
};

export type WorkloadLineResult = { ok: true; value: WorkloadLine } | { ok: false; error: string };

function fail(reason: string, line: string): WorkloadLineResult {
  const shown = line.length > 200 ? `${line.slice(0, 200)}…` : line;
  return { ok: false, error: `invalid workload line: ${reason} (line: ${shown})` };
}

/**
 * One stdout line as a WorkloadLine. `type` is matched case-sensitively (always lower-case on the
 * wire); unknown fields are ignored and integers are strict, as serde does.
 */
export function parseWorkloadLine(line: string): WorkloadLineResult {
  const parsed = parseJson(line);
  if (!parsed.ok) return fail(parsed.error, line);
  const raw = parsed.json.value;
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return fail(expectedGot('a JSON object', raw), line);
  }
  const type = (raw as Record<string, unknown>).type;
  if (typeof type !== 'string') return fail(`field "type": ${expectedGot('a string', type)}`, line);
  if (!Object.hasOwn(LINE_SCHEMAS, type)) {
    const shown = type.length > 40 ? `${type.slice(0, 40)}…` : type;
    return fail(`unknown type ${JSON.stringify(shown)}`, line);
  }
  const kind = type as LineType;
  const result = LINE_SCHEMAS[kind].safeParse(raw);
  if (!result.success) return fail(formatIssues(result.error.issues), line);
  const formErrors = checkNumberForms(parsed.json, LINE_FORMS[kind]);
  if (formErrors.length > 0) return fail(formErrors.join('; '), line);
  return { ok: true, value: result.data };
}
