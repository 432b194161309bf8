// Both ends of the IPC channel decode what they receive; anything outside the protocol is a
// named error, not an exception or a silently wrong value.
import { describe, expect, it } from 'vitest';
import { decodeChildMessage, decodeParentMessage } from '../../../src-main/agent/runtimes/gguf/worker-protocol';

const sampling = { temperature: 0, topP: 0.9, topK: 0, seed: 42, stop: [] };

describe('decodeParentMessage (what the inference process accepts)', () => {
  it('accepts load, generate (text and chat), cancel and unload', () => {
    const messages = [
      { type: 'load', modelPath: '/m.gguf', contextSize: 2048, sequences: 2, threads: null, gpu: false },
      { type: 'load', modelPath: '/m.gguf', contextSize: 512, sequences: 1, threads: 1, gpu: 'auto' },
      { type: 'generate', id: 0, prompt: { kind: 'text', text: 'hi' }, maxTokens: 5, sampling },
      { type: 'generate', id: 1, prompt: { kind: 'chat', messages: [{ role: 'user', content: 'hi' }] }, maxTokens: 5, sampling: { ...sampling, stop: ['END'] } },
      { type: 'cancel', id: 1 },
      { type: 'unload' },
    ];
    for (const m of messages) expect(decodeParentMessage(m)).toEqual({ ok: true, message: m });
  });

  it('refuses anything else, naming the field', () => {
    expect(decodeParentMessage({ type: 'generate', id: -1, prompt: { kind: 'text', text: 'hi' }, maxTokens: 5, sampling })).toMatchObject({
      ok: false,
      error: expect.stringMatching(/^invalid message from the Island \(type "generate"\): id: /),
    });
    expect(decodeParentMessage({ type: 'load', modelPath: '/m', contextSize: 1, sequences: 1, threads: null, gpu: 'cpu' })).toMatchObject({ ok: false, error: expect.stringContaining('gpu') });
    expect(decodeParentMessage({ type: 'generate', id: 1, prompt: { kind: 'chat', messages: [] }, maxTokens: 5, sampling })).toMatchObject({ ok: false, error: expect.stringContaining('prompt.messages') });
    expect(decodeParentMessage({ type: 'unload', extra: true })).toMatchObject({ ok: false });
    expect(decodeParentMessage({ type: 'shutdown' })).toMatchObject({ ok: false });
    expect(decodeParentMessage('unload')).toMatchObject({ ok: false, error: expect.stringMatching(/^invalid message from the Island: /) });
  });
});

describe('decodeChildMessage (what the Island accepts)', () => {
  it('accepts loaded, load-failed, token, done, failed and log', () => {
    const messages = [
      { type: 'loaded', info: { loadMs: 12, threads: 1, gpu: false, gpuLayers: 0, contextSize: 2048, sequences: 2, chatFormat: 'chatml', llamaCpp: 'b5000' } },
      { type: 'loaded', info: { loadMs: 12, threads: 8, gpu: 'cuda', gpuLayers: 33, contextSize: 4096, sequences: 2, chatFormat: 'template:Llama3_1', llamaCpp: 'b5000' } },
      { type: 'load-failed', reason: 'model', error: 'Invalid GGUF magic' },
      { type: 'token', id: 3, text: 'Hello' },
      { type: 'done', id: 3, promptTokens: 5, completionTokens: 9, stopReason: 'eogToken' },
      { type: 'failed', id: 3, error: 'boom' },
      { type: 'log', level: 'warn', message: 'llama.cpp says' },
    ];
    for (const m of messages) expect(decodeChildMessage(m)).toEqual({ ok: true, message: m });
  });

  it('refuses empty tokens, unknown stop reasons, negative counts and unknown types', () => {
    const bad = [
      { type: 'token', id: 1, text: '' },
      { type: 'token', id: 1, text: 42 },
      { type: 'done', id: 1, promptTokens: 1, completionTokens: 1, stopReason: 'timeout' },
      { type: 'done', id: 1, promptTokens: -1, completionTokens: 1, stopReason: 'maxTokens' },
      { type: 'loaded', info: { loadMs: 1 } },
      { type: 'result', id: 1 },
      null,
      [],
    ];
    for (const m of bad) expect(decodeChildMessage(m)).toMatchObject({ ok: false, error: expect.stringMatching(/^invalid message from the inference process/) });
    expect(decodeChildMessage({ type: 'token', id: 1, text: 42 })).toEqual({
      ok: false,
      error: 'invalid message from the inference process (type "token"): text: Invalid input: expected string, received number',
    });
  });
});
