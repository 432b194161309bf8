// The final chunk's usage JSON, and the error a job gets when llama.cpp kills its process.
import { describe, expect, it } from 'vitest';
import { crashMessage, tellingLine } from '../../../src-shared/domain/gguf/crash';
import { doneChunk } from '../../../src-shared/domain/gguf/usage';

describe('doneChunk', () => {
  it("extends the Rust Island's done chunk, completion_tokens first", () => {
    expect(doneChunk({ promptTokens: 5, completionTokens: 37 })).toBe('{"type":"done","usage":{"completion_tokens":37,"prompt_tokens":5,"total_tokens":42}}');
  });
});

describe('crashMessage', () => {
  const assertLines = [
    'llama_model_loader: loaded meta data with 22 key-value pairs',
    '/home/runner/work/node-llama-cpp/node-llama-cpp/llama/llama.cpp/src/llama-model-loader.cpp:1328: GGML_ASSERT(t_meta.ne[dim] >= 1) failed',
    'ptrace: Operation not permitted.',
    'No stack.',
  ];

  it('names the signal and the failed assertion, without the build machine path', () => {
    expect(crashMessage({ code: null, signal: 'SIGABRT' }, 'loading', assertLines)).toBe(
      'the model crashed the inference process (signal SIGABRT) while loading: llama-model-loader.cpp:1328: GGML_ASSERT(t_meta.ne[dim] >= 1) failed',
    );
  });

  it('falls back to the last line, then to saying stderr was empty', () => {
    expect(tellingLine(['first', 'last words', '  '])).toBe('last words');
    expect(crashMessage({ code: 3, signal: null }, 'generating', [])).toBe('the model crashed the inference process (exit code 3) while generating; it printed nothing on stderr');
  });
});
