import { describe, expect, it } from 'vitest';
import { capText, decodeChildMessage, decodeParentMessage } from '../../../src-main/agent/runtimes/onnx/worker-protocol';

describe('ONNX worker protocol', () => {
  it('accepts the messages each side sends', () => {
    const run = {
      type: 'run',
      id: 3,
      task: 'question-answering',
      input: { kind: 'qa', question: 'q', context: 'c' },
      files: { tokenizer: '/m/tokenizer.json', tokenizerConfig: null, config: null },
    };
    expect(decodeParentMessage(run)).toEqual({ ok: true, message: run });
    const loaded = { type: 'loaded', provider: 'cpu', fallback: null, loadMs: 12.5, ortVersion: '1.30.0', inputs: [{ name: 'x', type: 'float32', dims: ['N', 3, 48, 'W'] }], outputs: [] };
    expect(decodeChildMessage(loaded)).toEqual({ ok: true, message: loaded });
  });

  it('names the field that is wrong, and the message type', () => {
    expect(decodeParentMessage({ type: 'run', id: 1, task: 'summarize', input: { kind: 'text', text: 'x', normalize: false }, files: { tokenizer: null, tokenizerConfig: null, config: null } })).toEqual({
      ok: false,
      error: expect.stringMatching(/^invalid message from the Island \(type "run"\): task: /),
    });
    expect(decodeChildMessage({ type: 'result', id: -1, output: {}, runMs: 1 })).toMatchObject({ ok: false, error: expect.stringMatching(/ONNX inference process \(type "result"\): id:/) });
    expect(decodeChildMessage({ type: 'loaded', provider: 'tpu' })).toMatchObject({ ok: false, error: expect.stringMatching(/provider/) });
    expect(decodeChildMessage('hello')).toMatchObject({ ok: false });
  });

  it('refuses extra fields (strict) and oversized error texts', () => {
    expect(decodeChildMessage({ type: 'failed', id: 1, error: 'x', extra: true }).ok).toBe(false);
    expect(decodeChildMessage({ type: 'failed', id: 1, error: 'x'.repeat(5000) }).ok).toBe(false);
    expect(capText('x'.repeat(5000))).toHaveLength(4096);
  });
});
