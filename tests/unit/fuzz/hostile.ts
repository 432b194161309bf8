// Shared pieces of the fuzz suite: the fixed seed, hostile inputs every boundary gets, and a clock
// for "never hangs". One seed for the whole folder so a failure replays the same way everywhere;
// fast-check prints the seed and path of any counterexample.
import fc from 'fast-check';
import { expect } from 'vitest';

export const SEED = 0x15_1a_0d;

/** Per-assert options: the fixed seed and a run count sized for a 2-core box. */
export function runs(numRuns: number): { seed: number; numRuns: number } {
  return { seed: SEED, numRuns };
}

/** A JSON value as it comes back off the wire (-0 is written as 0). */
export const wireJson = fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.parse(JSON.stringify(v)) as unknown);

/** `[[[…]]]` or `{"a":{"a":…}}` nested `depth` levels: stack-overflow bait for recursive code. */
export function deepNest(depth: number, kind: 'array' | 'object'): string {
  return kind === 'array' ? `${'['.repeat(depth)}${']'.repeat(depth)}` : `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
}

/** Tokens that look like numbers to a person but are not JSON, or are numbers no integer type can hold. */
export const numberLikeTokens = ['NaN', '-NaN', 'Infinity', '-Infinity', '1e999', '-1e999', '0x10', '1_000', '+1', '.5', '5.', '-0', '1e-999', '99999999999999999999999'];

/** Text that is almost JSON: fragments, number-like tokens, control characters, lone surrogates. */
export const hostileText: fc.Arbitrary<string> = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 200 }),
  fc.array(fc.constantFrom('{', '}', '[', ']', '"', ':', ',', '\\', 'null', 'true', '"job_id"', '"x"', '\u0000', '\ud800', ...numberLikeTokens), { maxLength: 40 }).map((parts) => parts.join('')),
  fc.jsonValue().map((v) => JSON.stringify(v)),
);

/** Arbitrary bytes, with a bias to bytes that are not UTF-8 (lone continuation bytes, overlongs). */
export const hostileBytes: fc.Arbitrary<Uint8Array> = fc.oneof(
  fc.uint8Array({ maxLength: 200 }),
  fc.array(fc.constantFrom(0x80, 0xbf, 0xc0, 0xc1, 0xed, 0xa0, 0xf5, 0xff, 0xfe, 0x7b, 0x22, 0x7d), { maxLength: 60 }).map((b) => Uint8Array.from(b)),
);

/** What IPC's structured clone can deliver: Maps, Dates, typed arrays, BigInts, null prototypes, sparse arrays. */
export const cloneable = fc.anything({ maxDepth: 3, withBigInt: true, withDate: true, withMap: true, withSet: true, withTypedArray: true, withSparseArray: true, withNullPrototype: true, withBoxedValues: true });

/**
 * The frame as the WebSocket would carry it (JSON text) or as IPC would (the value itself); null
 * for a value JSON cannot write (a BigInt), which only IPC can carry.
 */
export function asTransport(value: unknown, asText: boolean): unknown {
  if (!asText) return value;
  try {
    return JSON.stringify(value);
  } catch {
    return null;
  }
}

/** Runs `fn` and fails if it took longer than `budgetMs` (a bound, not a benchmark). */
export function withinBudget<T>(budgetMs: number, fn: () => T): T {
  const start = performance.now();
  const result = fn();
  const took = performance.now() - start;
  expect(took, `took ${took.toFixed(0)} ms, budget ${budgetMs} ms`).toBeLessThan(budgetMs);
  return result;
}

/** What `fn` threw, or null: a property can then say what was thrown instead of just "threw". */
export function thrownBy(fn: () => unknown): unknown {
  try {
    fn();
    return null;
  } catch (err) {
    return err ?? new Error('threw a nullish value');
  }
}
