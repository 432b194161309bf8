// zod building blocks with the wire's types (u32, u64, i64, f32, "omitted if None") and error
// messages written for people reading a log: `expected an integer (i64), got string`.

import * as z from 'zod';

const U32_MAX = 4_294_967_295;

/** What a received value is, for error messages. Strings are not echoed: they can be huge or secret. */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return `non-finite number ${value}`;
    if (!Number.isInteger(value)) return `float ${value}`;
    if (!Number.isSafeInteger(value)) return `integer ${value} (beyond ±2^53, not exact here)`;
    return value < 0 ? `negative integer ${value}` : `integer ${value}`;
  }
  return typeof value;
}

function quoteShort(value: unknown): string {
  if (typeof value !== 'string') return describeValue(value);
  return value.length > 40 ? `string "${value.slice(0, 40)}…"` : `string ${JSON.stringify(value)}`;
}

type Issue = z.core.$ZodRawIssue;

/** Error function for a schema that expects `what`: "missing (expected …)" or "expected …, got …". */
export function expecting(what: string, echo = false): (issue: Issue) => string {
  return (issue) => {
    if (issue.code === 'unrecognized_keys') {
      return `unexpected key${issue.keys.length === 1 ? '' : 's'} ${issue.keys.map((k) => JSON.stringify(k)).join(', ')}`;
    }
    return expectedGot(what, issue.input, echo);
  };
}

/** "missing (expected …)" for undefined, else "expected …, got …". */
export function expectedGot(what: string, input: unknown, echo = false): string {
  if (input === undefined) return `missing (expected ${what})`;
  return `expected ${what}, got ${echo ? quoteShort(input) : describeValue(input)}`;
}

const isU32 = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0 && v <= U32_MAX;
const isU64 = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;
const isI64 = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v);
const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const isFinite = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

export const EXPECT = {
  u32: 'a non-negative integer (u32)',
  u64: 'a non-negative integer (u64)',
  i64: 'an integer (i64)',
  f32: 'a number (f32)',
} as const;

export const wire = {
  string: (what = 'a string') => z.string({ error: expecting(what) }),
  boolean: () => z.boolean({ error: expecting('a boolean') }),
  u32: (what: string = EXPECT.u32) => z.custom<number>(isU32, { error: expecting(what) }),
  u64: (what: string = EXPECT.u64) => z.custom<number>(isU64, { error: expecting(what) }),
  i64: (what: string = EXPECT.i64) => z.custom<number>(isI64, { error: expecting(what) }),
  f32: (what: string = EXPECT.f32) => z.custom<number>(isFinite, { error: expecting(what) }),
  /** Any JSON number: serde casts big values to an f32 infinity rather than failing. */
  number: (what = 'a number') => z.number({ error: expecting(what) }),
  literal: <T extends string>(values: readonly [T, ...T[]]) =>
    z.enum(values, { error: expecting(`one of ${values.map((v) => JSON.stringify(v)).join(', ')}`, true) }),
  /** serde `Option<T>` on input: absent or null both mean None. */
  optionalNullable: <T extends z.ZodType>(base: T) => base.nullable().optional(),
  /**
   * "omitted if None" on output: the key may be absent, but `null` is a bug because the Rust
   * Island never writes it and the coordinator may not expect it.
   */
  omittable: <T extends z.ZodType>(base: T) =>
    z
      .custom<unknown>((v) => v !== null, { error: 'must be left out when absent, not null' })
      .pipe(base)
      .optional(),
  object: <T extends z.core.$ZodLooseShape>(shape: T) => z.object(shape, { error: expecting('an object') }),
  strictObject: <T extends z.core.$ZodLooseShape>(shape: T) =>
    z.strictObject(shape, { error: expecting('an object') }),
  array: <T extends z.ZodType>(item: T) => z.array(item, { error: expecting('an array') }),
  /**
   * An object of strings, returned as parsed. Not z.record: that rebuilds the object by assignment,
   * which turns a `"__proto__"` key into a prototype and silently drops it.
   */
  stringMap: (what: string) =>
    z
      .custom<Record<string, string>>(isPlainObject, { error: expecting('an object') })
      .superRefine((value, ctx) => {
        for (const [key, v] of Object.entries(value)) {
          if (typeof v !== 'string') ctx.addIssue({ code: 'custom', path: [key], message: expectedGot(what, v) });
        }
      }),
};

/** `a.b[0].c` from a zod issue path. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out === '' ? String(part) : `.${String(part)}`;
  }
  return out;
}

/** One line for all of a failed parse's issues, e.g. `field "lease_expires": expected …`. */
export function formatIssues(issues: readonly z.core.$ZodIssue[]): string {
  const lines: string[] = [];
  for (const issue of issues.slice(0, 5)) {
    const where = issue.path.length > 0 ? `field "${formatPath(issue.path)}": ` : '';
    const message = issue.code === 'invalid_type' && issue.expected === 'nonoptional'
      ? 'missing (required; null is allowed)'
      : issue.message;
    const line = `${where}${message}`;
    if (!lines.includes(line)) lines.push(line);
  }
  if (issues.length > 5) lines.push(`and ${issues.length - 5} more`);
  return lines.join('; ');
}
