// What a Cargo reads on stdin (../shared/reference/island-protocol.md §3.14): the job's `input`
// as JSON. Containers get one trailing newline; WASM modules get none.

import { anyJson } from './json-writer';

/** The documented chat input; unset options are left out of the JSON. */
export interface ChatInput {
  prompt: string;
  max_tokens?: number;
  temperature?: number;
}

/** The documented image-generation input; unset options are left out of the JSON. */
export interface ImageGenInput {
  prompt: string;
  width?: number;
  height?: number;
  steps?: number;
  seed?: number;
}

/** The input `island --test-job <prompt>` sends. */
export function testJobInput(prompt: string): ChatInput {
  return { prompt, max_tokens: 512, temperature: 0.7 };
}

/** Container stdin: the input as JSON and exactly one `\n`, written before the container starts. */
export function containerStdin(input: unknown): string {
  return `${anyJson(input)}\n`;
}

/** WASI stdin: the input as JSON without a trailing newline. */
export function wasmStdin(input: unknown): string {
  return anyJson(input);
}
