import { describe, expect, it } from 'vitest';
import { predictMasks } from '../../../src-shared/domain/onnx/fill-mask';
import { parseId2Label } from '../../../src-shared/domain/onnx/labels';
import { hypothesis, nliClasses, rankCandidates } from '../../../src-shared/domain/onnx/zero-shot';

describe('predictMasks', () => {
  it('gives the top tokens at each mask position with softmax probabilities', () => {
    // 3 positions × vocab 4; the mask is at position 1.
    const logits = [0, 0, 0, 0, 1, 3, 2, 0, 0, 0, 0, 0];
    const [m] = predictMasks(logits, [1, 3, 4], [1], 2);
    const z = Math.exp(1) + Math.exp(3) + Math.exp(2) + 1;
    expect(m!.index).toBe(1);
    expect(m!.predictions.map((p) => p.token)).toEqual([1, 2]);
    expect(m!.predictions[0]!.score).toBeCloseTo(Math.exp(3) / z, 10);
  });

  it('explains an output without a vocabulary axis', () => {
    expect(() => predictMasks([1, 2], [1, 2], [0])).toThrow('fill-mask expects output [1, seq, vocab], the model gives [1, 2]');
  });
});

describe('zero-shot ranking', () => {
  const labels = (() => {
    const p = parseId2Label({ id2label: { 0: 'contradiction', 1: 'neutral', 2: 'entailment' } });
    if (!p.ok) throw new Error(p.error);
    return p.labels;
  })();

  it('finds the NLI classes, or none for a model that does not name them', () => {
    expect(nliClasses(labels)).toEqual({ entailment: 2, contradiction: 0 });
    expect(nliClasses(null)).toBeNull();
  });

  it('softmaxes entailment logits across candidates (single label)', () => {
    const r = rankCandidates(['sports', 'politics'], [[0, 0, 1], [0, 0, 3]], nliClasses(labels)!, false);
    expect(r.labels).toEqual(['politics', 'sports']);
    expect(r.scores[0]).toBeCloseTo(Math.exp(3) / (Math.exp(3) + Math.exp(1)), 10);
  });

  it('scores each candidate on its own entailment vs contradiction (multi label)', () => {
    const r = rankCandidates(['a', 'b'], [[2, 0, 0], [0, 0, 1]], nliClasses(labels)!, true);
    expect(r.labels).toEqual(['b', 'a']);
    expect(r.scores[0]).toBeCloseTo(1 / (1 + Math.exp(-1)), 10);
    expect(r.scores[1]).toBeCloseTo(1 / (1 + Math.exp(2)), 10);
  });

  it('fills the template', () => {
    expect(hypothesis('This example is {}.', 'sports')).toBe('This example is sports.');
  });
});
