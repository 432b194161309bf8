// Zero-shot classification with an NLI model, as Hugging Face's pipeline does it: each candidate
// label becomes a hypothesis ("This example is {label}.") paired with the text, and the model's
// entailment logit ranks the labels.
import { indexOfLabel, type LabelMap } from './labels';
import { softmax } from './tensor-math';

export interface NliClasses {
  entailment: number;
  contradiction: number;
}

/** The entailment and contradiction classes from id2label; null when the model does not name them. */
export function nliClasses(labels: LabelMap | null): NliClasses | null {
  const entailment = indexOfLabel(labels, 'entailment');
  const contradiction = indexOfLabel(labels, 'contradiction');
  return entailment >= 0 && contradiction >= 0 ? { entailment, contradiction } : null;
}

export function hypothesis(template: string, label: string): string {
  return template.replace('{}', label);
}

export interface ZeroShotResult {
  labels: string[];
  scores: number[];
}

/** `logits[i]` are the NLI logits for candidate i; scores are sorted best first. */
export function rankCandidates(candidates: readonly string[], logits: ReadonlyArray<readonly number[]>, nli: NliClasses, multiLabel: boolean): ZeroShotResult {
  const scores = multiLabel
    ? logits.map((l) => softmax([l[nli.contradiction]!, l[nli.entailment]!])[1]!)
    : softmax(logits.map((l) => l[nli.entailment]!));
  const order = candidates.map((_, i) => i).sort((a, b) => scores[b]! - scores[a]! || a - b);
  return { labels: order.map((i) => candidates[i]!), scores: order.map((i) => scores[i]!) };
}
