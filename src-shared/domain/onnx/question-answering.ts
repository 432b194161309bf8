// Extractive question answering: the best answer span inside the context's tokens, with the end
// at or after the start and at most `maxAnswerTokens` long. The Rust Island takes two independent
// argmaxes over every token (question and [SEP] included) and clamps the end (§8.2).
import { softmax, type Numbers } from './tensor-math';

export interface TokenRange {
  /** First and last token index, inclusive. */
  from: number;
  to: number;
}

export interface AnswerSpan {
  start: number;
  end: number;
  /** start logit + end logit, as the Rust Island reports it. */
  score: number;
  /** P(start) × P(end), each softmaxed over the context's tokens. */
  probability: number;
}

export const DEFAULT_MAX_ANSWER_TOKENS = 30;

export function bestSpan(start: Numbers, end: Numbers, context: TokenRange, maxAnswerTokens = DEFAULT_MAX_ANSWER_TOKENS): AnswerSpan {
  const { from, to } = context;
  if (from < 0 || to < from || to >= start.length || to >= end.length) {
    throw new Error(`no context tokens to answer from (range ${from}..${to} of ${Math.min(start.length, end.length)} logits)`);
  }
  let best = { start: from, end: from, score: -Infinity };
  for (let i = from; i <= to; i++) {
    const last = Math.min(to, i + maxAnswerTokens - 1);
    for (let j = i; j <= last; j++) {
      const score = start[i]! + end[j]!;
      if (score > best.score) best = { start: i, end: j, score };
    }
  }
  const pStart = softmax(Array.from({ length: to - from + 1 }, (_, k) => start[from + k]!));
  const pEnd = softmax(Array.from({ length: to - from + 1 }, (_, k) => end[from + k]!));
  return { ...best, probability: pStart[best.start - from]! * pEnd[best.end - from]! };
}

/**
 * Where `segment` (the context's ids, without special tokens) sits in `ids` (the pair encoding):
 * the position where the longest prefix of it matches, the last one on a tie (the context follows
 * the question). A truncated encoding still matches on the prefix it kept.
 */
export function locateSegment(ids: readonly number[], segment: readonly number[]): TokenRange | null {
  let best: TokenRange | null = null;
  let bestLength = 0;
  for (let p = 0; p < ids.length; p++) {
    let k = 0;
    while (k < segment.length && p + k < ids.length && ids[p + k] === segment[k]) k++;
    if (k > 0 && k >= bestLength) {
      best = { from: p, to: p + k - 1 };
      bestLength = k;
    }
  }
  return best;
}
