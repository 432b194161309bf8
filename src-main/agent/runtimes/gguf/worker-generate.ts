// Inside the inference process: one job's generation on a sequence of its own. Text is handed on
// as node-llama-cpp releases it (whole UTF-8 characters), held back only while it may be the
// start of a stop string; the usage counts the tokens generated. A cancel stops it between two
// tokens.
import { StopScanner } from '../../../../src-shared/domain/gguf/stop-scanner';
import { returnSequence, takeSequence, type LoadedModel } from './worker-model';
import { preparePrompt } from './worker-prompt';
import type { ChildMessage, ParentMessage, StopReason } from './worker-protocol';

export type GenerateRequest = Extract<ParentMessage, { type: 'generate' }>;
export type GenerationEnd = Extract<ChildMessage, { type: 'done' }>;

/** Room the completion keeps free for its context shift (node-llama-cpp's default: a tenth). */
function fitsContext(promptTokens: number, contextSize: number): boolean {
  return promptTokens <= contextSize - Math.max(1, Math.floor(contextSize / 10));
}

export async function generate(
  m: LoadedModel,
  req: GenerateRequest,
  signal: AbortSignal,
  onText: (text: string) => void,
): Promise<GenerationEnd> {
  const prompt = preparePrompt(m, req.prompt);
  const contextSize = m.context.contextSize;
  if (!fitsContext(prompt.promptTokens, contextSize)) {
    // node-llama-cpp would silently drop the prompt's beginning; the Rust Island truncated it.
    throw new Error(`the prompt is ${prompt.promptTokens} tokens, too long for a ${contextSize}-token context (model_context_size) with room left to answer`);
  }
  const sequence = takeSequence(m);
  const completion = new m.lib.LlamaCompletion({ contextSequence: sequence });
  const scanner = new StopScanner(req.sampling.stop);
  const stopped = new AbortController();
  let completionTokens = 0;
  try {
    const { sampling } = req;
    const result = await completion.generateCompletionWithMeta(prompt.tokens, {
      maxTokens: req.maxTokens,
      temperature: sampling.temperature,
      topP: sampling.topP,
      topK: sampling.topK,
      seed: sampling.seed,
      // The Rust Island samples without a repeat penalty (top-p → temperature → distribution).
      repeatPenalty: false,
      customStopTriggers: prompt.stopTriggers,
      signal: AbortSignal.any([signal, stopped.signal]),
      stopOnAbortSignal: true,
      onToken: (tokens) => {
        completionTokens += tokens.length;
      },
      onTextChunk: (piece) => {
        const scanned = scanner.push(piece);
        if (scanned.text !== '') onText(scanned.text);
        if (scanned.stopped) stopped.abort();
      },
    });
    const rest = scanner.flush();
    if (rest !== '' && !signal.aborted) onText(rest);
    const stopReason: StopReason = stopped.signal.aborted ? 'customStopTrigger' : result.metadata.stopReason;
    return { type: 'done', id: req.id, promptTokens: prompt.promptTokens, completionTokens, stopReason };
  } finally {
    completion.dispose({ disposeSequence: false });
    returnSequence(m, sequence);
  }
}
