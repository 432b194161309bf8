// A tokenized text → the model's integer inputs, fitted to its length, and the run.
import { fitEncoding, type Fitted } from '../../../../../src-shared/domain/onnx/encoding-fit';
import { planTextFeeds, pickOutputs } from '../../../../../src-shared/domain/onnx/model-io';
import type { FeedTensor, OutputTensor } from './session';
import type { TaskEnv } from './task-env';
import { TaskError } from './task-error';
import type { TextEncoding, TextTokenizer } from './text-tokenizer';

export interface TextRun {
  fitted: Fitted;
  /** The outputs the task reads (pickOutputs), in order. */
  outputs: OutputTensor[];
}

export function requireTokenizer(env: TaskEnv): TextTokenizer {
  if (!env.tokenizer) throw new TaskError(`${env.task} needs the model's tokenizer.json, but none was loaded`);
  return env.tokenizer;
}

export async function runText(env: TaskEnv, tokenizer: TextTokenizer, enc: TextEncoding): Promise<TextRun> {
  const planned = planTextFeeds(env.session.inputs, env.task);
  if (!planned.ok) throw new TaskError(planned.error);
  const fitted = fitEncoding(enc, tokenizer.maxTokens, planned.plan.fixedLength, tokenizer.padId);
  if (fitted.truncatedTokens > 0) env.log('text truncated to fit the model', { dropped_tokens: fitted.truncatedTokens, kept: fitted.ids.length });
  const n = fitted.ids.length;
  const values = { ids: fitted.ids, mask: fitted.mask, types: fitted.types, positions: fitted.ids.map((_, i) => i) };
  const feeds: Record<string, FeedTensor> = {};
  for (const feed of planned.plan.feeds) {
    const v = values[feed.source];
    feeds[feed.name] = feed.type === 'int64' ? { type: 'int64', data: BigInt64Array.from(v, BigInt), dims: [1, n] } : { type: 'int32', data: Int32Array.from(v), dims: [1, n] };
  }
  const result = await env.session.run(feeds);
  const names = pickOutputs(env.session.outputs.map((o) => o.name).filter((name) => name in result), env.task);
  const outputs = names.map((name) => result[name]!);
  if (outputs.length === 0) throw new TaskError(`the model gave none of the outputs ${env.task} reads`);
  return { fitted, outputs };
}
