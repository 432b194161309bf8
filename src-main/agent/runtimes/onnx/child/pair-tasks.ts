// Tasks that encode two texts together: extractive question answering (question, context) and
// zero-shot classification (text, one hypothesis per candidate label).
import { bestSpan, locateSegment } from '../../../../../src-shared/domain/onnx/question-answering';
import { alignTokens } from '../../../../../src-shared/domain/onnx/token-offsets';
import { hypothesis, nliClasses, rankCandidates } from '../../../../../src-shared/domain/onnx/zero-shot';
import type { TaskEnv, TaskOutput } from './task-env';
import { decodeOrFail, TaskError } from './task-error';
import { requireTokenizer, runText } from './text-feeds';
import { textClassification } from './text-tasks';

export async function questionAnswering(env: TaskEnv, question: string, context: string): Promise<TaskOutput> {
  const tokenizer = requireTokenizer(env);
  const enc = tokenizer.encode(question, context);
  const { outputs, fitted } = await runText(env, tokenizer, enc);
  if (outputs.length < 2) throw new TaskError('question-answering needs two outputs (start and end logits); the model gives one');
  const range = locateSegment(fitted.ids, tokenizer.idsWithoutSpecials(context));
  if (!range) throw new TaskError('none of the context is left after fitting the question and context to the model');
  const [start, end] = outputs as [(typeof outputs)[0], (typeof outputs)[0]];
  const span = decodeOrFail(() => bestSpan(start.data, end.data, range));
  const offsets = alignTokens(context, enc.tokens.slice(range.from, range.to + 1));
  const first = offsets[span.start - range.from];
  const last = offsets[span.end - range.from];
  const located = first && last;
  const answer = located ? context.slice(first.start, last.end) : tokenizer.decode(fitted.ids.slice(span.start, span.end + 1));
  return {
    answer,
    score: span.score,
    start: span.start,
    end: span.end,
    answer_start: located ? first.start : null,
    answer_end: located ? last.end : null,
    probability: span.probability,
    task: 'question-answering',
  };
}

export async function zeroShot(env: TaskEnv, text: string, candidates: string[] | null, template: string, multiLabel: boolean): Promise<TaskOutput> {
  const nli = nliClasses(env.labels);
  if (!candidates || !nli) {
    env.log('zero-shot-classification ran as text-classification', {
      reason: candidates ? "the model's config.json names no entailment and contradiction classes" : 'input.candidate_labels is missing',
    });
    return textClassification(env, text);
  }
  const tokenizer = requireTokenizer(env);
  const logits: number[][] = [];
  for (const label of candidates) {
    const { outputs } = await runText(env, tokenizer, tokenizer.encode(text, hypothesis(template, label)));
    const out = outputs[0]!;
    const classes = out.dims.at(-1) ?? 0;
    if (classes <= Math.max(nli.entailment, nli.contradiction)) {
      throw new TaskError(`the model's output [${out.dims.join(', ')}] has no class ${Math.max(nli.entailment, nli.contradiction)} that config.json names`);
    }
    logits.push(Array.from({ length: classes }, (_, i) => out.data[i]!));
  }
  const ranked = rankCandidates(candidates, logits, nli, multiLabel);
  return { sequence: text, labels: ranked.labels, scores: ranked.scores, task: 'zero-shot-classification' };
}
