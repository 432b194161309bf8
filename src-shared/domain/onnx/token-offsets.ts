// Character offsets of tokens in the text they came from. @huggingface/tokenizers (pure JS)
// gives tokens but no offsets, so each token's text is found again in the original: compared
// after folding case and accents, in order, skipping whitespace. Answers and entities are then
// cut from the original text, with its own casing and accents.

export interface CharSpan {
  start: number;
  end: number;
}

/** WordPiece, byte-level BPE and SentencePiece markers that are not part of the text. */
export function tokenText(token: string): string {
  return token.replace(/^##/, '').replace(/^[\u0120\u2581]/, '');
}

function fold(ch: string): string {
  return ch.normalize('NFD').replace(/\p{Mn}/gu, '').toLowerCase();
}

interface Folded {
  text: string;
  /** For each folded character, the original [start, end) it came from. */
  from: number[];
  to: number[];
}

function foldText(text: string): Folded {
  const out: Folded = { text: '', from: [], to: [] };
  let i = 0;
  for (const ch of text) {
    const f = fold(ch);
    for (let k = 0; k < f.length; k++) {
      out.from.push(i);
      out.to.push(i + ch.length);
    }
    out.text += f;
    i += ch.length;
  }
  return out;
}

/**
 * Offsets for `tokens` (the tokenizer's pieces of `text`, in order); null for special tokens and
 * for pieces not found (an [UNK], byte-level pieces of non-ASCII text). `skip[i]` marks specials.
 */
export function alignTokens(text: string, tokens: readonly string[], skip: readonly boolean[] = []): Array<CharSpan | null> {
  const folded = foldText(text);
  let cursor = 0;
  return tokens.map((token, i) => {
    if (skip[i]) return null;
    const piece = fold(tokenText(token));
    if (piece === '') return null;
    const at = folded.text.indexOf(piece, cursor);
    // Only whitespace may lie between the previous token and this one; anything else means
    // this piece was not found where it should be (an unknown token in between is fine).
    if (at < 0 || (/\S/.test(folded.text.slice(cursor, at)) && !gapIsUnknown(tokens, i))) return null;
    cursor = at + piece.length;
    return { start: folded.from[at]!, end: folded.to[at + piece.length - 1]! };
  });
}

function gapIsUnknown(tokens: readonly string[], i: number): boolean {
  return i > 0 && /^\[UNK\]$|^<unk>$/.test(tokens[i - 1]!);
}
