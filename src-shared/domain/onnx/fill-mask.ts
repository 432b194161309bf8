// Masked-language-model predictions: at every [MASK] position of output[0] [1, seq, vocab], the
// most likely tokens with their probabilities.
import { softmax, topK, type Numbers } from './tensor-math';

export interface MaskPrediction {
  token: number;
  score: number;
}

export interface MaskPredictions {
  /** Position of the mask in the token sequence. */
  index: number;
  predictions: MaskPrediction[];
}

export const DEFAULT_TOP_K = 5;

export function predictMasks(logits: Numbers, dims: readonly number[], maskPositions: readonly number[], k = DEFAULT_TOP_K): MaskPredictions[] {
  if (dims.length !== 3 || dims[0] !== 1) throw new Error(`fill-mask expects output [1, seq, vocab], the model gives [${dims.join(', ')}]`);
  const [, seq, vocab] = dims as [number, number, number];
  return maskPositions.map((index) => {
    if (index >= seq) throw new Error(`mask position ${index} is beyond the model's output (${seq} tokens)`);
    const probs = softmax(Array.from({ length: vocab }, (_, v) => logits[index * vocab + v]!));
    return { index, predictions: topK(probs, k).map((token) => ({ token, score: probs[token]! })) };
  });
}
