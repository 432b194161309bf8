import { describe, expect, it } from 'vitest';
import {
  containerStdin,
  testJobInput,
  wasmStdin,
  type ChatInput,
  type ImageGenInput,
} from '../../../src-shared/protocol/workload-input';

describe('Cargo inputs (§3.14, §13 messages)', () => {
  it('ChatInput {prompt, max_tokens:100} has no temperature key', () => {
    const input: ChatInput = { prompt: 'Hello', max_tokens: 100, temperature: undefined };
    expect(containerStdin(input)).toBe('{"prompt":"Hello","max_tokens":100}\n');
  });

  it('ChatInput with temperature 0.7 includes it', () => {
    expect(wasmStdin({ prompt: 'Hello', max_tokens: 100, temperature: 0.7 } satisfies ChatInput)).toContain('"temperature":0.7');
  });

  it('ImageGenInput includes prompt, width 512 and seed 42, with no steps key', () => {
    const input: ImageGenInput = { prompt: 'A cat', width: 512, height: 512, seed: 42 };
    const json = wasmStdin(input);
    expect(json).toBe('{"prompt":"A cat","width":512,"height":512,"seed":42}');
    expect(json).not.toContain('steps');
  });

  it('--test-job sends the prompt with 512 tokens at 0.7', () => {
    expect(containerStdin(testJobInput('hi'))).toBe('{"prompt":"hi","max_tokens":512,"temperature":0.7}\n');
  });

  it('containers get exactly one newline, WASM none', () => {
    expect(containerStdin({ a: 'x\ny' })).toBe('{"a":"x\\ny"}\n');
    expect(wasmStdin({ a: 1 })).toBe('{"a":1}');
    expect(containerStdin(null)).toBe('null\n');
    expect(wasmStdin(undefined)).toBe('null');
  });
});
