import { describe, expect, it } from 'vitest';
import { alignTokens, tokenText } from '../../../src-shared/domain/onnx/token-offsets';

describe('alignTokens', () => {
  it('finds lower-cased WordPiece tokens in the original text, with its casing', () => {
    const text = 'Ada is Playing in London.';
    const tokens = ['[CLS]', 'ada', 'is', 'play', '##ing', 'in', 'london', '.', '[SEP]'];
    const spans = alignTokens(text, tokens, [true, false, false, false, false, false, false, false, true]);
    expect(spans.map((s) => (s ? text.slice(s.start, s.end) : null))).toEqual([null, 'Ada', 'is', 'Play', 'ing', 'in', 'London', '.', null]);
  });

  it('matches through stripped accents and keeps the accented original', () => {
    const text = 'Café Zürich';
    const spans = alignTokens(text, ['cafe', 'zurich']);
    expect(spans.map((s) => s && text.slice(s.start, s.end))).toEqual(['Café', 'Zürich']);
  });

  it('skips an unknown token and carries on after it', () => {
    const text = 'the ☃ movie';
    const spans = alignTokens(text, ['the', '[UNK]', 'movie']);
    expect(spans[0]).toEqual({ start: 0, end: 3 });
    expect(spans[1]).toBeNull();
    expect(spans[2]).toEqual({ start: 6, end: 11 });
  });

  it('strips the markers of WordPiece, byte-level BPE and SentencePiece', () => {
    expect(tokenText('##ing')).toBe('ing');
    expect(tokenText('\u0120world')).toBe('world');
    expect(tokenText('\u2581world')).toBe('world');
  });
});
