import { describe, expect, it } from 'vitest';
import { meanPool, sentenceEmbedding } from '../../../src-shared/domain/onnx/embedding';

describe('feature-extraction pooling', () => {
  // 3 tokens × 2 dims; the third token is padding.
  const hidden = Float32Array.from([1, 2, 3, 6, 100, 100]);

  it('averages only the tokens the attention mask keeps', () => {
    expect(meanPool(hidden, [1, 3, 2], [1, 1, 0])).toEqual([2, 4]);
  });

  it('normalises to unit length when asked', () => {
    const e = sentenceEmbedding(hidden, [1, 3, 2], [1, 1, 0], true);
    expect(e[0]).toBeCloseTo(2 / Math.sqrt(20), 10);
    expect(e[1]).toBeCloseTo(4 / Math.sqrt(20), 10);
  });

  it('passes an already pooled [1, hidden] output through', () => {
    expect(meanPool([0.5, 0.25], [1, 2], [1, 1, 1])).toEqual([0.5, 0.25]);
  });

  it('explains an output of the wrong rank', () => {
    expect(() => meanPool(new Float32Array(8), [2, 2, 2], [1, 1])).toThrow('feature-extraction expects output [1, seq, hidden], the model gives [2, 2, 2]');
  });
});
