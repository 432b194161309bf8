// Token classification (NER and the like): a label per token from output[0] [1, seq, classes],
// and the tokens grouped into entities by their B-/I- tags, with the words cut from the text.
import { labelFor, type LabelMap } from './labels';
import { argmax, softmax, type Numbers } from './tensor-math';
import type { CharSpan } from './token-offsets';

export interface TokenLabel {
  index: number;
  token: string;
  label: string;
  score: number;
  start: number | null;
  end: number | null;
}

export interface Entity {
  entity_group: string;
  score: number;
  word: string;
  start: number;
  end: number;
}

export interface TokenTagging {
  tokens: TokenLabel[];
  entities: Entity[];
}

export interface TaggedText {
  text: string;
  tokens: readonly string[];
  /** True for special tokens ([CLS], [SEP], padding), which get no label. */
  special: readonly boolean[];
  offsets: ReadonlyArray<CharSpan | null>;
}

export function tagTokens(logits: Numbers, dims: readonly number[], input: TaggedText, labels: LabelMap | null): TokenTagging {
  if (dims.length !== 3 || dims[0] !== 1) throw new Error(`token-classification expects output [1, seq, classes], the model gives [${dims.join(', ')}]`);
  const classes = dims[2]!;
  const seq = Math.min(dims[1]!, input.tokens.length);
  const tokens: TokenLabel[] = [];
  for (let t = 0; t < seq; t++) {
    if (input.special[t]) continue;
    const probs = softmax(Array.from({ length: classes }, (_, c) => logits[t * classes + c]!));
    const best = argmax(probs);
    const span = input.offsets[t] ?? null;
    tokens.push({ index: t, token: input.tokens[t]!, label: labelFor(labels, best), score: probs[best]!, start: span?.start ?? null, end: span?.end ?? null });
  }
  return { tokens, entities: groupEntities(tokens, input.text) };
}

/** `B-PER` → begins PER; `I-PER` → continues PER; `O` → outside; a bare `PER` continues a PER run. */
function tagOf(label: string): { type: string | null; begins: boolean } {
  if (label === 'O') return { type: null, begins: false };
  const m = /^([BI])-(.+)$/.exec(label);
  return m ? { type: m[2]!, begins: m[1] === 'B' } : { type: label, begins: false };
}

export function groupEntities(tokens: readonly TokenLabel[], text: string): Entity[] {
  const entities: Entity[] = [];
  let run: { type: string; scores: number[]; start: number; end: number } | null = null;
  const close = () => {
    if (run) entities.push({ entity_group: run.type, score: run.scores.reduce((a, b) => a + b, 0) / run.scores.length, word: text.slice(run.start, run.end), start: run.start, end: run.end });
    run = null;
  };
  for (const tok of tokens) {
    const { type, begins } = tagOf(tok.label);
    // A word piece (##ing) belongs to its word's entity whatever its own tag says.
    const continuesWord = tok.token.startsWith('##') && run !== null;
    if (tok.start === null || tok.end === null || (type === null && !continuesWord)) {
      close();
      continue;
    }
    if (run !== null && (continuesWord || (type === run.type && !begins))) {
      run.scores.push(tok.score);
      run.end = tok.end;
      continue;
    }
    close();
    if (type !== null) run = { type, scores: [tok.score], start: tok.start, end: tok.end };
  }
  close();
  return entities;
}
