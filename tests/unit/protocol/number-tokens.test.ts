import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { findNumberTokens, isIntegerToken } from '../../../src-shared/protocol/number-tokens';

const tokens = (text: string, patterns: string[]) => findNumberTokens(text, patterns).map((t) => [t.path, t.token]);

describe('findNumberTokens', () => {
  it('finds top-level and nested numbers exactly as written', () => {
    const text = '{ "a" : 1.0 , "b":{"c":[1,2e3,-0]}, "d":[{"e":5},{"e":6.50},{"x":1}] }';
    expect(tokens(text, ['a', 'b.c.*', 'd.*.e'])).toEqual([
      ['a', '1.0'],
      ['b.c[0]', '1'],
      ['b.c[1]', '2e3'],
      ['b.c[2]', '-0'],
      ['d[0].e', '5'],
      ['d[1].e', '6.50'],
    ]);
  });

  it('ignores numbers outside the patterns and values that are not numbers', () => {
    expect(tokens('{"a":"1","b":1,"c":null,"d":{"a":2}}', ['a', 'c', 'd'])).toEqual([]);
  });

  it('skips strings with quotes, backslashes and brackets inside', () => {
    const text = String.raw`{"s":"a\"b\\","t":["]}{\"",{"u":"\\\""}],"n":7}`;
    expect(JSON.parse(text)).toBeTruthy();
    expect(tokens(text, ['n'])).toEqual([['n', '7']]);
  });

  it('decodes escaped keys', () => {
    expect(tokens('{"wo\\u0072kload_id":99}', ['workload_id'])).toEqual([['workload_id', '99']]);
  });

  it('reports every duplicate key, in order', () => {
    expect(tokens('{"a":1,"a":2.0}', ['a'])).toEqual([
      ['a', '1'],
      ['a', '2.0'],
    ]);
  });

  it('never takes a literal "*" key for the wildcard', () => {
    expect(tokens('{"*":1,"a":[2]}', ['*', 'a.*'])).toEqual([['a[0]', '2']]);
  });

  it('returns nothing for no patterns and does not throw on text JSON.parse would reject', () => {
    expect(findNumberTokens('{"a":1}', [])).toEqual([]);
    expect(findNumberTokens('{"a":"unterminated', ['a', 'b'])).toEqual([]);
    expect(findNumberTokens('{"a":[1,', ['a.*'])).toEqual([{ pattern: 'a.*', path: 'a[0]', token: '1' }]);
  });

  it('terminates without throwing on arbitrary and truncated text', () => {
    const text = fc.oneof(
      fc.string({ unit: 'binary' }),
      fc.tuple(fc.jsonValue(), fc.nat()).map(([v, cut]) => JSON.stringify({ a: v, b: [v, 1] }).slice(0, cut)),
    );
    fc.assert(
      fc.property(text, (t) => {
        expect(Array.isArray(findNumberTokens(t, ['a', 'a.*', 'b.*', 'b.*.x']))).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it('agrees with JSON.parse source access on arbitrary documents', () => {
    const key = fc.string({ unit: 'binary' }).filter((k) => k !== '' && !k.includes('.') && !k.includes('[') && k !== '*');
    const doc = fc.object({
      key,
      maxDepth: 4,
      values: [fc.double({ noNaN: true, noDefaultInfinity: true }), fc.integer(), fc.string({ unit: 'binary' }), fc.boolean(), fc.constant(null)],
    });
    fc.assert(
      fc.property(doc, fc.constantFrom(undefined, 2, '\t'), (value, indent) => {
        const text = JSON.stringify(value, null, indent);
        const expected = numberSources(text);
        const patterns = [...new Set(expected.map(([path]) => path.replace(/\[\d+\]/g, '.*').replace(/^\./, '')))];
        const found = findNumberTokens(text, patterns).map((t) => [t.path.replace(/^\[/, '.['), t.token]);
        expect(found.sort()).toEqual(expected.map(([p, t]) => [p.replace(/^\[/, '.['), t]).sort());
      }),
      { numRuns: 300 },
    );
  });
});

/** [path, source] of every number, using the reviver's `context.source` (Node ≥ 21). */
function numberSources(text: string): [string, string][] {
  const sources = new WeakMap<object, Map<string, string>>();
  const value: unknown = JSON.parse(text, function (this: object, key: string, v: unknown, ctx?: { source?: string }) {
    if (typeof v === 'number' && ctx?.source !== undefined) {
      const map = sources.get(this) ?? new Map<string, string>();
      map.set(key, ctx.source);
      sources.set(this, map);
    }
    return v;
  });
  const out: [string, string][] = [];
  const walk = (v: unknown, path: string): void => {
    if (typeof v !== 'object' || v === null) return;
    for (const [k, child] of Object.entries(v)) {
      const p = Array.isArray(v) ? `${path}[${k}]` : path === '' ? k : `${path}.${k}`;
      const source = sources.get(v)?.get(k);
      if (typeof child === 'number' && source !== undefined) out.push([p, source]);
      walk(child, p);
    }
  };
  walk(value, '');
  return out;
}

describe('isIntegerToken', () => {
  it.each(['0', '1', '-1', '1710000000000', '18446744073709551615'])('%s is an integer', (t) => {
    expect(isIntegerToken(t)).toBe(true);
  });

  it.each(['1.0', '1e3', '1E3', '-0', '0.5', '-1.5e-3'])('%s is a float', (t) => {
    expect(isIntegerToken(t)).toBe(false);
  });
});
