// The final chunk of a GGUF job (§4.5.3): the Rust Island sends
// `{"type":"done","usage":{"completion_tokens":N}}`; this one adds prompt_tokens and total_tokens
// after it, so a reader of the Rust shape finds what it expects.
export interface GgufUsage {
  promptTokens: number;
  /** Tokens of the answer that was sent (the end-of-sequence token and stop strings are not). */
  completionTokens: number;
}

export function doneChunk(usage: GgufUsage): string {
  return JSON.stringify({
    type: 'done',
    usage: {
      completion_tokens: usage.completionTokens,
      prompt_tokens: usage.promptTokens,
      total_tokens: usage.promptTokens + usage.completionTokens,
    },
  });
}
