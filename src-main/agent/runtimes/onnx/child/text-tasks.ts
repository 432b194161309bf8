// Single-text tasks (§8.2): classification, sentence embeddings, per-token labels, fill-mask.
import { classify } from '../../../../../src-shared/domain/onnx/classification';
import { sentenceEmbedding } from '../../../../../src-shared/domain/onnx/embedding';
import { predictMasks } from '../../../../../src-shared/domain/onnx/fill-mask';
import { tagTokens } from '../../../../../src-shared/domain/onnx/token-classification';
import { alignTokens, tokenText } from '../../../../../src-shared/domain/onnx/token-offsets';
import type { TaskEnv, TaskOutput } from './task-env';
import { decodeOrFail, TaskError } from './task-error';
import { requireTokenizer, runText } from './text-feeds';

export async function textClassification(env: TaskEnv, text: string): Promise<TaskOutput> {
  const tokenizer = requireTokenizer(env);
  const { outputs } = await runText(env, tokenizer, tokenizer.encode(text));
  const out = outputs[0]!;
  const c = decodeOrFail(() => classify(out.data, out.dims, env.labels));
  // §8.2: the task is reported as text-classification whatever was asked.
  return { label: c.label, score: c.score, scores: c.scores, task: 'text-classification' };
}

export async function featureExtraction(env: TaskEnv, text: string, normalize: boolean): Promise<TaskOutput> {
  const tokenizer = requireTokenizer(env);
  const { outputs, fitted } = await runText(env, tokenizer, tokenizer.encode(text));
  const out = outputs[0]!;
  const embedding = decodeOrFail(() => sentenceEmbedding(out.data, out.dims, fitted.mask, normalize));
  return { embedding, dimensions: embedding.length, normalized: normalize, task: 'feature-extraction' };
}

export async function tokenClassification(env: TaskEnv, text: string): Promise<TaskOutput> {
  const tokenizer = requireTokenizer(env);
  const enc = tokenizer.encode(text);
  const { outputs } = await runText(env, tokenizer, enc);
  const out = outputs[0]!;
  const offsets = alignTokens(text, enc.tokens, enc.special);
  const tagged = decodeOrFail(() => tagTokens(out.data, out.dims, { text, tokens: enc.tokens, special: enc.special, offsets }, env.labels));
  return { tokens: tagged.tokens, entities: tagged.entities, task: 'token-classification' };
}

export async function fillMask(env: TaskEnv, text: string): Promise<TaskOutput> {
  const tokenizer = requireTokenizer(env);
  if (tokenizer.maskId === null) throw new TaskError("fill-mask needs a mask token, and the model's tokenizer has none");
  const maskId = tokenizer.maskId;
  const { outputs, fitted } = await runText(env, tokenizer, tokenizer.encode(text));
  const positions = fitted.ids.flatMap((id, i) => (id === maskId ? [i] : []));
  if (positions.length === 0) throw new TaskError(`fill-mask requires input.text to contain the mask token ${tokenizer.maskToken}`);
  const out = outputs[0]!;
  const masks = decodeOrFail(() => predictMasks(out.data, out.dims, positions)).map((m) => ({
    index: m.index,
    predictions: m.predictions.map((p) => {
      const ids = fitted.ids.slice(0, fitted.mask.lastIndexOf(1) + 1);
      ids[m.index] = p.token;
      return { score: p.score, token: p.token, token_str: tokenText(tokenizer.tokenOf(p.token)), sequence: tokenizer.decode(ids) };
    }),
  }));
  return { predictions: masks[0]!.predictions, ...(masks.length > 1 ? { masks } : {}), task: 'fill-mask' };
}
