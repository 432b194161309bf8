import { describe, expect, it } from 'vitest';
import { bestSpan, locateSegment } from '../../../src-shared/domain/onnx/question-answering';

describe('bestSpan', () => {
  it('picks the best start+end pair inside the context, never the question', () => {
    // Tokens 0–2 are [CLS] q [SEP]; the context is 3..6. Token 1 has the largest logits of all.
    const start = [0, 9, 0, 1, 5, 0, 0];
    const end = [0, 9, 0, 0, 1, 4, 0];
    const span = bestSpan(start, end, { from: 3, to: 6 });
    expect(span).toMatchObject({ start: 4, end: 5, score: 9 });
  });

  it('keeps the end at or after the start (the Rust Island can pick an end before it)', () => {
    // argmax(end) = 3 comes before argmax(start) = 5; the Rust Island would answer (5, 5).
    const start = [-1, -1, -1, -1, -1, 6, 0];
    const end = [0, 0, 0, 8, 0, 1, 2];
    expect(bestSpan(start, end, { from: 0, to: 6 })).toMatchObject({ start: 5, end: 6, score: 8 });
  });

  it('caps the answer length', () => {
    const start = [5, 0, 0, 0];
    const end = [0, 0, 0, 5];
    expect(bestSpan(start, end, { from: 0, to: 3 }, 4)).toMatchObject({ start: 0, end: 3 });
    expect(bestSpan(start, end, { from: 0, to: 3 }, 2)).toMatchObject({ start: 0, end: 0, score: 5 });
  });

  it('gives the span probability as softmax(start) × softmax(end) over the context', () => {
    const span = bestSpan([0, 2], [2, 0], { from: 0, to: 1 });
    // (1,0) is invalid; best valid is (0,0): score 2 vs (1,1): 2 → first found wins (0,0).
    expect(span).toMatchObject({ start: 0, end: 0, score: 2 });
    const p0 = 1 / (1 + Math.exp(2));
    expect(span.probability).toBeCloseTo(p0 * (1 - p0), 10);
  });

  it('explains an empty context', () => {
    expect(() => bestSpan([1], [1], { from: 2, to: 1 })).toThrow(/no context tokens/);
  });
});

describe('locateSegment', () => {
  it('finds the context after the question, even when the same ids appear in both', () => {
    // [CLS] 7 8 [SEP] 7 8 9 [SEP]
    expect(locateSegment([2, 7, 8, 3, 7, 8, 9, 3], [7, 8, 9])).toEqual({ from: 4, to: 6 });
  });

  it('matches the prefix a truncated encoding kept', () => {
    expect(locateSegment([2, 5, 3, 7, 8, 3], [7, 8, 9, 10])).toEqual({ from: 3, to: 4 });
    expect(locateSegment([2, 5, 3], [7])).toBeNull();
  });
});
