import { parseDocument } from '@decimalturn/toml-patch';
import { describe, expect, it } from 'vitest';
import { keyLines } from '../../../src-main/agent/config/toml-lines';

const linesOf = (text: string) => keyLines(parseDocument(text).cst);

describe('keyLines', () => {
  const lines = linesOf(
    [
      'top = 1', //                                   1
      'a.b.c = 2', //                                 2
      '[t]', //                                       3
      'k = 3', //                                     4
      'inline = { x = 1, y = { z = 2 } }', //         5
      'arr = [', //                                   6
      '  1,', //                                      7
      '  { w = 1 },', //                              8
      ']', //                                         9
      '[[list]]', //                                  10
      'n = 1', //                                     11
      '[[list]]', //                                  12
      'n = 2', //                                     13
      '[t.sub]', //                                   14
    ].join('\n'),
  );

  it('finds keys, dotted keys and their implied tables', () => {
    expect(lines.exactLineOf(['top'])).toBe(1);
    expect(lines.exactLineOf(['a'])).toBe(2);
    expect(lines.exactLineOf(['a', 'b', 'c'])).toBe(2);
    expect(lines.exactLineOf(['t'])).toBe(3);
    expect(lines.exactLineOf(['t', 'k'])).toBe(4);
    expect(lines.exactLineOf(['t', 'sub'])).toBe(14);
  });

  it('finds keys inside inline tables and arrays', () => {
    expect(lines.exactLineOf(['t', 'inline', 'y', 'z'])).toBe(5);
    expect(lines.exactLineOf(['t', 'arr', 0])).toBe(7);
    expect(lines.exactLineOf(['t', 'arr', 1, 'w'])).toBe(8);
  });

  it('numbers arrays of tables', () => {
    expect(lines.exactLineOf(['list', 0, 'n'])).toBe(11);
    expect(lines.exactLineOf(['list', 1])).toBe(12);
    expect(lines.exactLineOf(['list', 1, 'n'])).toBe(13);
  });

  it('falls back to the nearest ancestor for a missing key', () => {
    expect(lines.exactLineOf(['t', 'missing'])).toBeUndefined();
    expect(lines.lineOf(['t', 'missing'])).toBe(3);
    expect(lines.lineOf(['list', 1, 'missing'])).toBe(12);
    expect(lines.lineOf(['nowhere', 'x'])).toBeUndefined();
  });
});
