// Everything a GGUF job asks for, checked before anything is downloaded or loaded: the model, the
// prompt, how many tokens, how to sample, and the context size (§3.4, §4.5.3, §8.1).
import { bad, isRecord, ok, shown, type Checked } from './checked';
import { extractPrompt, type GgufPrompt } from './prompt';
import { extractSampling, type SamplingParams } from './sampling';

export const MISSING_MODEL_URL = 'GGUF workload missing model_url';
export const DEFAULT_MAX_TOKENS = 1024;
export const DEFAULT_CONTEXT_SIZE = 2048;
/** Far beyond any model today; stops a typo from asking for terabytes of KV cache. */
export const MAX_CONTEXT_SIZE = 1 << 20;
const MIN_CONTEXT_SIZE = 16;

/** The fields of an AssignJob this runtime reads. */
export interface GgufJobFields {
  input: unknown;
  model_url: string | null;
  model_context_size: number | null;
  model_temperature: number | null;
}

export interface GgufRequest {
  modelUrl: string;
  prompt: GgufPrompt;
  maxTokens: number;
  sampling: SamplingParams;
  /** Tokens one job's sequence can hold (prompt and answer). */
  contextSize: number;
}

export function checkModelUrl(raw: string | null): Checked<string> {
  if (raw === null || raw.trim() === '') return bad(MISSING_MODEL_URL);
  return ok(raw.trim());
}

function maxTokensOf(input: unknown): Checked<number> {
  const v = isRecord(input) ? input.max_tokens : undefined;
  if (v === undefined || v === null) return ok(DEFAULT_MAX_TOKENS);
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 1) return bad(`GGUF workload input.max_tokens must be a whole number of 1 or more, got ${shown(v)}`);
  return ok(v);
}

function contextSizeOf(raw: number | null): Checked<number> {
  if (raw === null) return ok(DEFAULT_CONTEXT_SIZE);
  if (!Number.isInteger(raw) || raw < MIN_CONTEXT_SIZE || raw > MAX_CONTEXT_SIZE) {
    return bad(`GGUF job model_context_size must be a whole number from ${MIN_CONTEXT_SIZE} to ${MAX_CONTEXT_SIZE}, got ${shown(raw)}`);
  }
  return ok(raw);
}

export function ggufRequestFromJob(job: GgufJobFields): Checked<GgufRequest> {
  const modelUrl = checkModelUrl(job.model_url);
  if (!modelUrl.ok) return modelUrl;
  const prompt = extractPrompt(job.input);
  if (!prompt.ok) return prompt;
  const maxTokens = maxTokensOf(job.input);
  if (!maxTokens.ok) return maxTokens;
  const sampling = extractSampling(job.input, job.model_temperature);
  if (!sampling.ok) return sampling;
  const contextSize = contextSizeOf(job.model_context_size);
  if (!contextSize.ok) return contextSize;
  return ok({ modelUrl: modelUrl.value, prompt: prompt.value, maxTokens: maxTokens.value, sampling: sampling.value, contextSize: contextSize.value });
}
