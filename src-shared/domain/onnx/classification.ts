// Sequence and image classification (§8.2): the first `num_classes` values of output[0], where
// num_classes is its last dimension, turned into probabilities, with the best class named.
import { labelFor, type LabelMap } from './labels';
import { argmax, softmax, type Numbers } from './tensor-math';

export interface ClassScores {
  classId: number;
  label: string;
  score: number;
  scores: number[];
}

/**
 * Values that are already a probability distribution (a model exported with its softmax, such
 * as PaddleOCR's classifiers) are kept; anything else is treated as logits and softmaxed. A second
 * softmax would flatten real probabilities (0.99 / 0.01 → 0.73 / 0.27).
 */
export function toProbabilities(values: Numbers): number[] {
  let sum = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (v < 0 || v > 1) return softmax(values);
    sum += v;
  }
  return values.length > 0 && Math.abs(sum - 1) < 1e-3 ? Array.from(values) : softmax(values);
}

export function classify(output: Numbers, dims: readonly number[], labels: LabelMap | null): ClassScores {
  const numClasses = dims.at(-1) ?? output.length;
  if (numClasses < 1 || output.length < numClasses) throw new Error(`the model's output [${dims.join(', ')}] holds no class scores`);
  const scores = toProbabilities(Array.from({ length: numClasses }, (_, i) => output[i]!));
  const best = argmax(scores);
  return { classId: best, label: labelFor(labels, best), score: scores[best]!, scores };
}
