// A GGUF job's parameters (§3.4, §4.5.3, §8.1): defaults, which field wins, and errors that
// name the field.
import { describe, expect, it } from 'vitest';
import { ggufRequestFromJob, MISSING_MODEL_URL, type GgufJobFields } from '../../../src-shared/domain/gguf/request';
import { extractSampling, SAMPLING_DEFAULTS } from '../../../src-shared/domain/gguf/sampling';

const job = (fields: Partial<GgufJobFields>): GgufJobFields => ({
  input: { prompt: 'hi' },
  model_url: 'hf://org/model:m.gguf',
  model_context_size: null,
  model_temperature: null,
  ...fields,
});

function errorOf(r: { ok: true } | { ok: false; error: string }): string {
  if (r.ok) throw new Error('expected an error');
  return r.error;
}

describe('ggufRequestFromJob', () => {
  it("uses the Rust Island's defaults: context 2048, max_tokens 1024, temperature 0.7, top-p 0.9, seed 42", () => {
    expect(ggufRequestFromJob(job({}))).toEqual({
      ok: true,
      value: {
        modelUrl: 'hf://org/model:m.gguf',
        prompt: { kind: 'text', text: 'hi' },
        maxTokens: 1024,
        contextSize: 2048,
        sampling: { temperature: 0.7, topP: 0.9, topK: 0, seed: 42, stop: [] },
      },
    });
  });

  it('reads model_context_size, model_temperature and max_tokens', () => {
    const r = ggufRequestFromJob(job({ input: { prompt: 'x', max_tokens: 7 }, model_context_size: 512, model_temperature: 0.2 }));
    expect(r.ok && [r.value.contextSize, r.value.maxTokens, r.value.sampling.temperature]).toEqual([512, 7, 0.2]);
  });

  it("lets the input's temperature win over model_temperature, and honours top_p, top_k, seed and stop", () => {
    const r = ggufRequestFromJob(job({ input: { prompt: 'x', temperature: 0, top_p: 0.5, top_k: 20, seed: 7, stop: ['\n\n', 'END'] }, model_temperature: 0.9 }));
    expect(r.ok && r.value.sampling).toEqual({ temperature: 0, topP: 0.5, topK: 20, seed: 7, stop: ['\n\n', 'END'] });
    const single = ggufRequestFromJob(job({ input: { prompt: 'x', stop: 'END' } }));
    expect(single.ok && single.value.sampling.stop).toEqual(['END']);
  });

  it('fails a job without a model_url with the reference text, before looking at the input', () => {
    expect(errorOf(ggufRequestFromJob(job({ model_url: null, input: {} })))).toBe(MISSING_MODEL_URL);
    expect(errorOf(ggufRequestFromJob(job({ model_url: '  ' })))).toBe('GGUF workload missing model_url');
  });

  it('names each bad field and what was there', () => {
    const cases: [Partial<GgufJobFields>, string][] = [
      [{ input: { prompt: 'x', max_tokens: 0 } }, 'GGUF workload input.max_tokens must be a whole number of 1 or more, got 0'],
      [{ input: { prompt: 'x', max_tokens: '12' } }, 'GGUF workload input.max_tokens must be a whole number of 1 or more, got "12"'],
      [{ input: { prompt: 'x', temperature: -1 } }, 'GGUF workload input.temperature must be a number from 0 to 100, got -1'],
      [{ input: { prompt: 'x', top_p: 0 } }, 'GGUF workload input.top_p must be a number above 0 and at most 1, got 0'],
      [{ input: { prompt: 'x', top_k: 2.5 } }, 'GGUF workload input.top_k must be a whole number, 0 or more (0 turns it off), got 2.5'],
      [{ input: { prompt: 'x', seed: -3 } }, 'GGUF workload input.seed must be a whole number from 0 to 4294967295, got -3'],
      [{ model_context_size: 8 }, 'GGUF job model_context_size must be a whole number from 16 to 1048576, got 8'],
      [{ model_temperature: -0.5 }, 'GGUF job model_temperature must be a number from 0 to 100, got -0.5'],
    ];
    for (const [fields, error] of cases) expect(errorOf(ggufRequestFromJob(job(fields)))).toBe(error);
    expect(errorOf(ggufRequestFromJob(job({ input: { prompt: 'x', stop: ['ok', ''] } })))).toMatch(/^GGUF workload input\.stop must be a string or an array of at most 16 non-empty strings/);
    expect(errorOf(ggufRequestFromJob(job({ input: { prompt: 'x', stop: Array(17).fill('s') } })))).toMatch(/^GGUF workload input\.stop/);
  });

  it('reports the prompt error when the input has no prompt', () => {
    expect(errorOf(ggufRequestFromJob(job({ input: { max_tokens: 5 } })))).toBe("GGUF workload requires 'prompt', 'messages', or 'text' in input");
  });
});

describe('extractSampling', () => {
  it('falls back to the defaults when the input is not an object', () => {
    expect(extractSampling('text', null)).toEqual({ ok: true, value: { ...SAMPLING_DEFAULTS, stop: [] } });
  });

  it('treats null fields as absent', () => {
    expect(extractSampling({ temperature: null, seed: null }, 0.3)).toEqual({ ok: true, value: { ...SAMPLING_DEFAULTS, temperature: 0.3, stop: [] } });
  });
});
