// Sentence embeddings (§8.2 feature-extraction): the token vectors of output[0] [1, seq, hidden]
// averaged over the tokens the attention mask keeps, optionally scaled to unit length.
import { l2Normalize, type Numbers } from './tensor-math';

export function meanPool(hidden: Numbers, dims: readonly number[], mask: readonly number[]): number[] {
  // A model exported with its own pooling already gives one vector: [1, hidden] or [hidden].
  if (dims.length === 1 || (dims.length === 2 && dims[0] === 1)) return Array.from(hidden);
  if (dims.length !== 3 || dims[0] !== 1) throw new Error(`feature-extraction expects output [1, seq, hidden], the model gives [${dims.join(', ')}]`);
  const seq = dims[1]!;
  const size = dims[2]!;
  const sum = new Array<number>(size).fill(0);
  let kept = 0;
  for (let t = 0; t < seq; t++) {
    if (!mask[t]) continue;
    kept++;
    for (let h = 0; h < size; h++) sum[h]! += hidden[t * size + h]!;
  }
  return kept === 0 ? sum : sum.map((v) => v / kept);
}

export function sentenceEmbedding(hidden: Numbers, dims: readonly number[], mask: readonly number[], normalize: boolean): number[] {
  const pooled = meanPool(hidden, dims, mask);
  return normalize ? l2Normalize(pooled) : pooled;
}
