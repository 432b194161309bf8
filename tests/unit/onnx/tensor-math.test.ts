import { describe, expect, it } from 'vitest';
import { argmax, l2Normalize, softmax, topK } from '../../../src-shared/domain/onnx/tensor-math';

describe('tensor math', () => {
  it('softmax matches the hand-computed values and is stable for large logits', () => {
    // e^1, e^2, e^3 over their sum 30.1929
    const p = softmax([1, 2, 3]);
    expect(p[0]).toBeCloseTo(0.0900306, 6);
    expect(p[1]).toBeCloseTo(0.2447285, 6);
    expect(p[2]).toBeCloseTo(0.665241, 6);
    expect(softmax([1000, 1000])).toEqual([0.5, 0.5]);
    expect(softmax([])).toEqual([]);
  });

  it('argmax takes the first maximum; topK orders best first', () => {
    expect(argmax([0.1, 0.7, 0.7, 0.2])).toBe(1);
    expect(argmax([])).toBe(-1);
    expect(topK([0.1, 0.5, 0.3, 0.9], 3)).toEqual([3, 1, 2]);
  });

  it('l2Normalize scales to unit length and leaves a zero vector alone', () => {
    expect(l2Normalize([3, 4])).toEqual([0.6, 0.8]);
    expect(l2Normalize([0, 0])).toEqual([0, 0]);
  });
});
