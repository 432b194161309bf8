import { describe, expect, it } from 'vitest';
import { classCoverage, numClasses } from '../../../src-shared/domain/onnx/segmentation';

describe('segmentation summary', () => {
  it('counts the argmax class of every pixel, largest first', () => {
    // [1, 2, 2, 2]: class 1 wins 3 of 4 pixels.
    const values = [1, 0, 0, 0, 0, 5, 5, 5];
    expect(classCoverage(values, [1, 2, 2, 2], null)).toEqual([
      { class_id: 1, label: 'LABEL_1', pixels: 3, fraction: 0.75 },
      { class_id: 0, label: 'LABEL_0', pixels: 1, fraction: 0.25 },
    ]);
  });

  it('reads a one-channel output as foreground logits or probabilities', () => {
    expect(classCoverage([-1, 2, 3, -4], [1, 1, 2, 2], null)!.find((c) => c.class_id === 1)!.pixels).toBe(2);
    expect(classCoverage([0.9, 0.2, 0.6, 0.1], [1, 1, 2, 2], null)!.find((c) => c.class_id === 1)!.pixels).toBe(2);
  });

  it('gives no summary for other shapes, and num_classes as §8.2 defines it', () => {
    expect(classCoverage([1, 2, 3], [1, 3], null)).toBeNull();
    expect(numClasses([1, 21, 8, 8])).toBe(21);
    expect(numClasses([5])).toBe(1);
  });
});
