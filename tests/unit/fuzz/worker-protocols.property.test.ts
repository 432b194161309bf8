// The protocols between the Island and its inference processes (GGUF and ONNX), both directions:
// a child running a hostile model may send anything, so every decoder takes arbitrary values
// without throwing, and a valid message with one field of the wrong type is refused by name.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as gguf from '../../../src-main/agent/runtimes/gguf/worker-protocol';
import * as onnx from '../../../src-main/agent/runtimes/onnx/worker-protocol';
import { cloneable, runs } from './hostile';

type Decode = (raw: unknown) => { ok: true; message: unknown } | { ok: false; error: string };

const sampling = { temperature: 0.7, topP: 0.9, topK: 40, seed: 1, stop: ['</s>'] };
const tensor = { name: 'input_ids', type: 'int64', dims: [1, 'seq'] };
const files = { tokenizer: '/m/tokenizer.json', tokenizerConfig: null, config: null };
const imageOptions = { threshold: 0.5, iouThreshold: 0.45, maxDetections: 10, mean: [0, 0, 0], std: [1, 1, 1], width: null, height: 224 };

/** Valid messages of each direction, one or more per type; the mutations start from these. */
const CASES: Array<{ name: string; decode: Decode; from: string; valid: Record<string, unknown>[] }> = [
  {
    name: 'gguf parent → child',
    decode: gguf.decodeParentMessage,
    from: 'Island',
    valid: [
      { type: 'load', modelPath: '/m/model.gguf', contextSize: 2048, sequences: 2, threads: null, gpu: false },
      { type: 'generate', id: 1, prompt: { kind: 'chat', messages: [{ role: 'user', content: 'hi' }] }, maxTokens: 16, sampling },
      { type: 'cancel', id: 4 },
      { type: 'unload' },
    ],
  },
  {
    name: 'gguf child → parent',
    decode: gguf.decodeChildMessage,
    from: 'inference process',
    valid: [
      { type: 'loaded', info: { loadMs: 12, threads: 4, gpu: 'cuda', gpuLayers: 33, contextSize: 2048, sequences: 2, chatFormat: 'ChatML', llamaCpp: 'b1' } },
      { type: 'load-failed', reason: 'model', error: 'bad magic' },
      { type: 'token', id: 1, text: 'Hel' },
      { type: 'done', id: 1, promptTokens: 3, completionTokens: 5, stopReason: 'eogToken' },
      { type: 'failed', id: 2, error: 'oops' },
      { type: 'log', level: 'info', message: 'loaded' },
    ],
  },
  {
    name: 'onnx parent → child',
    decode: onnx.decodeParentMessage,
    from: 'Island',
    valid: [
      { type: 'load', modelPath: '/m/model.onnx', providers: ['cpu'], threads: 2 },
      { type: 'run', id: 1, task: 'text-classification', input: { kind: 'text', text: 'hi', normalize: false }, files },
      { type: 'run', id: 2, task: 'object-detection', input: { kind: 'image', imageBase64: 'AAAA', options: imageOptions }, files },
    ],
  },
  {
    name: 'onnx child → parent',
    decode: onnx.decodeChildMessage,
    from: 'ONNX inference process',
    valid: [
      { type: 'loaded', provider: 'cpu', fallback: null, loadMs: 3, ortVersion: '1.20.0', inputs: [tensor], outputs: [tensor] },
      { type: 'load-failed', reason: 'runtime', error: 'no libonnxruntime' },
      { type: 'result', id: 1, output: { logits: [0.1, 0.9] }, runMs: 2 },
      { type: 'failed', id: 1, error: 'shape' },
      { type: 'log', level: 'warn', message: 'slow', fields: { ms: 900 } },
    ],
  },
];

const kindOf = (v: unknown) => (v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v);
const OTHER_KINDS: unknown[] = ['x', 7, true, [], { a: 1 }];

describe.each(CASES)('$name', ({ decode, from, valid }) => {
  it('never throws on arbitrary values (structured clone or JSON); a refusal names the sender', () => {
    fc.assert(
      fc.property(fc.oneof(cloneable, fc.record({ type: cloneable, id: cloneable })), (raw) => {
        const r = decode(raw);
        if (!r.ok) expect(r.error.startsWith(`invalid message from the ${from}`), r.error).toBe(true);
      }),
      runs(400),
    );
  });

  it('accepts the valid messages as they are', () => {
    for (const m of valid) expect(decode(m)).toEqual({ ok: true, message: m });
  });

  it('a field of another type, or an extra key, is refused naming it', () => {
    fc.assert(
      fc.property(fc.constantFrom(...valid), fc.nat(), fc.constantFrom(...OTHER_KINDS), fc.boolean(), (m, pick, bad, extra) => {
        if (extra) {
          const r = decode({ ...m, zzExtra: 1 });
          expect(r.ok).toBe(false);
          if (!r.ok) expect(r.error).toContain('zzExtra');
          return;
        }
        const keys = Object.keys(m).filter((k) => k !== 'type');
        const key = keys[pick % keys.length];
        // A null in the sample is a nullable field, which takes one other kind as well.
        if (key === undefined || m[key] === null || kindOf(bad) === kindOf(m[key])) return;
        const r = decode({ ...m, [key]: bad });
        expect(r.ok).toBe(false);
        if (!r.ok) expect(r.error, r.error).toMatch(new RegExp(`\\(type "${String(m.type)}"\\): ${key}(\\.|: )`));
      }),
      runs(300),
    );
  });
});

describe('kept counterexamples', () => {
  it('found by fuzzing: a message whose type is a BigInt is refused, not a TypeError from JSON.stringify', () => {
    for (const decode of [gguf.decodeChildMessage, onnx.decodeChildMessage, gguf.decodeParentMessage, onnx.decodeParentMessage]) {
      const r = decode({ type: 10n });
      expect(r.ok).toBe(false);
      expect(!r.ok && r.error).toMatch(/^invalid message from the [\w ]+: type: /);
    }
  });
});
