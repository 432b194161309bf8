import { describe, expect, it } from 'vitest';
import { classify, toProbabilities } from '../../../src-shared/domain/onnx/classification';
import { indexOfLabel, labelFor, parseId2Label } from '../../../src-shared/domain/onnx/labels';

describe('classify (text and image classification)', () => {
  it('softmaxes logits over the last dimension and names the best class LABEL_n without a config', () => {
    const c = classify(Float32Array.from([1, 3, 2]), [1, 3], null);
    expect(c.classId).toBe(1);
    expect(c.label).toBe('LABEL_1');
    expect(c.score).toBeCloseTo(0.665241, 5);
    expect(c.scores.reduce((a, b) => a + b)).toBeCloseTo(1, 10);
  });

  it("uses config.json's id2label", () => {
    const parsed = parseId2Label({ id2label: { '0': 'NEGATIVE', '1': 'POSITIVE' } });
    if (!parsed.ok) throw new Error(parsed.error);
    expect(classify([0.2, -1], [1, 2], parsed.labels).label).toBe('NEGATIVE');
  });

  it('keeps an output that is already a distribution (a model exported with its softmax)', () => {
    expect(toProbabilities([0.99, 0.01])).toEqual([0.99, 0.01]);
    // Not summing to 1: logits that happen to lie in [0, 1].
    expect(toProbabilities([0.5, 0.2])[0]).toBeCloseTo(Math.exp(0.3) / (1 + Math.exp(0.3)), 10);
  });

  it('reads only the first num_classes values of a larger output, as §8.2 does', () => {
    // [1, 2 tokens, 2 classes]: the first token's scores.
    expect(classify([0, 5, 9, 9], [1, 2, 2], null).classId).toBe(1);
  });

  it('explains an output that holds no classes', () => {
    expect(() => classify([], [1, 0], null)).toThrow(/holds no class scores/);
  });
});

describe('id2label', () => {
  it('treats a config without id2label as no labels, not an error', () => {
    expect(parseId2Label({ architectures: ['Bert'] })).toEqual({ ok: true, labels: null });
  });

  it('names the key that is malformed', () => {
    expect(parseId2Label({ id2label: { zero: 'A' } })).toEqual({ ok: false, error: 'config.json: id2label key "zero" is not a class index' });
    expect(parseId2Label({ id2label: { '0': 7 } })).toEqual({ ok: false, error: 'config.json: id2label["0"] must be a string' });
    expect(parseId2Label([1, 2])).toEqual({ ok: false, error: 'config.json is not a JSON object' });
  });

  it('finds labels case-insensitively and falls back to LABEL_n', () => {
    const parsed = parseId2Label({ id2label: { '0': 'CONTRADICTION', '2': 'Entailment' } });
    if (!parsed.ok) throw new Error(parsed.error);
    expect(indexOfLabel(parsed.labels, 'entailment')).toBe(2);
    expect(indexOfLabel(parsed.labels, 'neutral')).toBe(-1);
    expect(labelFor(parsed.labels, 1)).toBe('LABEL_1');
  });
});
