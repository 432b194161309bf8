import { describe, expect, it } from 'vitest';
import { formatF32, roundF32 } from '../../../src-shared/protocol/json-writer';

describe('formatF32', () => {
  it.each([
    [0, '0.0'],
    [-0, '0.0'],
    [45.5, '45.5'],
    [12, '12.0'],
    [1008, '1008.0'],
    [760.3, '760.3'],
    [12.345678901, '12.346'],
    [0.0004, '0.0'],
    [0.0005, '0.001'],
    [-2.5, '-2.5'],
    [-1.0005, '-1.001'],
    [1e21, '1e+21'],
  ])('%d → %s', (value, text) => {
    expect(formatF32(value)).toBe(text);
  });

  it('round-trips through JSON.parse to the rounded value', () => {
    for (const v of [0.1, 0.2, 0.3, 123.456, 99999.999, 0.001, 3.14159]) {
      expect(JSON.parse(formatF32(v))).toBe(roundF32(v));
    }
  });
});
