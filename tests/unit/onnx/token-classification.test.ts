import { describe, expect, it } from 'vitest';
import { parseId2Label } from '../../../src-shared/domain/onnx/labels';
import { groupEntities, tagTokens, type TokenLabel } from '../../../src-shared/domain/onnx/token-classification';

const labels = (() => {
  const p = parseId2Label({ id2label: { 0: 'O', 1: 'B-PER', 2: 'I-PER', 3: 'B-LOC' } });
  if (!p.ok) throw new Error(p.error);
  return p.labels;
})();

describe('tagTokens', () => {
  it('labels each non-special token with its softmax winner and its offsets', () => {
    const text = 'Ada Lovelace';
    // [CLS] ada love ##lace [SEP], 4 classes; big logits make the winners obvious.
    const logits = [
      [9, 0, 0, 0],
      [0, 9, 0, 0],
      [0, 0, 9, 0],
      [0, 0, 9, 0],
      [9, 0, 0, 0],
    ].flat();
    const tagged = tagTokens(logits, [1, 5, 4], {
      text,
      tokens: ['[CLS]', 'ada', 'love', '##lace', '[SEP]'],
      special: [true, false, false, false, true],
      offsets: [null, { start: 0, end: 3 }, { start: 4, end: 8 }, { start: 8, end: 12 }, null],
    }, labels);
    expect(tagged.tokens.map((t) => [t.index, t.token, t.label])).toEqual([
      [1, 'ada', 'B-PER'],
      [2, 'love', 'I-PER'],
      [3, '##lace', 'I-PER'],
    ]);
    const p = Math.exp(9) / (Math.exp(9) + 3);
    expect(tagged.tokens[0]!.score).toBeCloseTo(p, 10);
    expect(tagged.entities).toEqual([{ entity_group: 'PER', score: expect.closeTo(p, 10), word: 'Ada Lovelace', start: 0, end: 12 }]);
  });

  it('explains a sequence-level output', () => {
    expect(() => tagTokens([1, 2], [1, 2], { text: '', tokens: [], special: [], offsets: [] }, null)).toThrow('token-classification expects output [1, seq, classes], the model gives [1, 2]');
  });
});

describe('groupEntities', () => {
  const tok = (label: string, start: number, end: number, token = 'x', score = 1): TokenLabel => ({ index: 0, token, label, score, start, end });

  it('starts a new entity on B-, ends one on O, and keeps word pieces in their word', () => {
    const text = 'Ada met Bob in Paris';
    const entities = groupEntities(
      [tok('B-PER', 0, 3), tok('O', 4, 7), tok('B-PER', 8, 11, 'bob', 0.5), tok('O', 12, 14), tok('B-LOC', 15, 18, 'par'), tok('O', 18, 20, '##is')],
      text,
    );
    expect(entities.map((e) => [e.entity_group, e.word])).toEqual([
      ['PER', 'Ada'],
      ['PER', 'Bob'],
      ['LOC', 'Paris'],
    ]);
  });

  it('splits two adjacent B- entities of the same type', () => {
    const entities = groupEntities([tok('B-PER', 0, 3), tok('B-PER', 4, 7)], 'Ada Bob');
    expect(entities.map((e) => e.word)).toEqual(['Ada', 'Bob']);
  });
});
