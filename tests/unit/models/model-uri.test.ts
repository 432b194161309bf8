// §7.1 URI resolution: the Rust Island's test vectors, plus the inputs it accepted and should not have.
import { describe, expect, it } from 'vitest';
import { chooseHfModelFile } from '../../../src-shared/domain/models/hf-file-choice';
import { DEFAULT_HF_BASE, fileNameFromUrl, hfApiModelUrl, hfResolveUrl, parseModelUri } from '../../../src-shared/domain/models/model-uri';

describe('parseModelUri (§7.1)', () => {
  it('hf://<repo>:<file> splits at the first colon and resolves to /resolve/main/', () => {
    const p = parseModelUri('hf://TheBloke/Mistral-7B-GGUF:mistral-7b.Q4_K_M.gguf');
    expect(p).toEqual({ ok: true, value: { kind: 'hf-file', repo: 'TheBloke/Mistral-7B-GGUF', file: 'mistral-7b.Q4_K_M.gguf' } });
    expect(hfResolveUrl(DEFAULT_HF_BASE, 'TheBloke/Mistral-7B-GGUF', 'mistral-7b.Q4_K_M.gguf')).toBe(
      'https://huggingface.co/TheBloke/Mistral-7B-GGUF/resolve/main/mistral-7b.Q4_K_M.gguf',
    );
  });

  it('a file name with / stays whole; a second colon belongs to the file name (and is refused: no Windows disk stores it)', () => {
    expect(parseModelUri('hf://sentence-transformers/all-MiniLM-L6-v2:onnx/model.onnx')).toEqual({
      ok: true,
      value: { kind: 'hf-file', repo: 'sentence-transformers/all-MiniLM-L6-v2', file: 'onnx/model.onnx' },
    });
    expect(parseModelUri('hf://a/b:x:y.gguf')).toEqual({ ok: false, error: 'invalid file name "x:y.gguf" in "hf://a/b:x:y.gguf" (a relative path without empty, \'.\' or \'..\' parts)' });
  });

  it('hf://<repo> asks for discovery; an un-namespaced repo id is valid', () => {
    expect(parseModelUri('hf://TheBloke/TinyLlama-1.1B-Chat-v1.0-GGUF')).toEqual({ ok: true, value: { kind: 'hf-repo', repo: 'TheBloke/TinyLlama-1.1B-Chat-v1.0-GGUF' } });
    expect(parseModelUri('hf://distilbert-base-uncased-finetuned-sst-2-english:model.onnx')).toMatchObject({ ok: true, value: { kind: 'hf-file' } });
  });

  it('a plain URL resolves to itself, named by its last segment', () => {
    expect(parseModelUri('https://example.com/models/bert.onnx')).toEqual({ ok: true, value: { kind: 'url', url: 'https://example.com/models/bert.onnx', fileName: 'bert.onnx' } });
  });

  it('the query string is not part of the saved name (Windows cannot store "?"), the URL keeps it', () => {
    expect(parseModelUri('https://cdn.example.com/m/model.gguf?download=true')).toEqual({
      ok: true,
      value: { kind: 'url', url: 'https://cdn.example.com/m/model.gguf?download=true', fileName: 'model.gguf' },
    });
    expect(fileNameFromUrl(new URL('https://x.test/a/my%20model.onnx'))).toBe('my model.onnx');
    expect(fileNameFromUrl(new URL('https://x.test/'))).toBe('model');
    expect(fileNameFromUrl(new URL('https://x.test/a/..%2F..%2Fetc'))).toBe('model');
  });

  it.each([
    ['', /empty/],
    ['ftp://example.com/m.gguf', /hf:\/\/<repo>\[:<file>\] or an http\(s\):\/\/ URL, got "ftp:/],
    ['/local/model.gguf', /got "\/local\/model.gguf"/],
    ['hf://', /invalid Hugging Face repo id ""/],
    ['hf://a/b/c', /invalid Hugging Face repo id "a\/b\/c"/],
    ['hf://a/b:../../etc/passwd', /invalid file name "..\/..\/etc\/passwd"/],
    ['hf://a/b:', /invalid file name ""/],
    ['hf://a/b:dir//m.gguf', /invalid file name/],
    ['hf://a/b:c\\d.gguf', /invalid file name/],
  ])('refuses %j with a message naming the problem', (uri, message) => {
    const p = parseModelUri(uri);
    expect(p.ok).toBe(false);
    if (!p.ok) expect(p.error).toMatch(message);
  });

  it('builds the API listing URL from an injected base (trailing slash ignored)', () => {
    expect(hfApiModelUrl('http://127.0.0.1:9999/', 'a/b')).toBe('http://127.0.0.1:9999/api/models/a/b');
  });
});

describe('chooseHfModelFile (§7.1 auto-discovery vectors)', () => {
  const pick = (files: string[]) => chooseHfModelFile('org/repo', files);

  it('[README.md, config.json, mistral-7b.Q4_K_M.gguf, mistral-7b.Q8_0.gguf] → Q4_K_M', () => {
    expect(pick(['README.md', 'config.json', 'mistral-7b.Q4_K_M.gguf', 'mistral-7b.Q8_0.gguf'])).toEqual({ ok: true, value: 'mistral-7b.Q4_K_M.gguf' });
  });
  it('[Q8_0, Q4_K_M, Q5_K_M] → Q4_K_M', () => {
    expect(pick(['m.Q8_0.gguf', 'm.Q4_K_M.gguf', 'm.Q5_K_M.gguf'])).toEqual({ ok: true, value: 'm.Q4_K_M.gguf' });
  });
  it('quantisation order Q4_K_S > Q5_K_M > Q8_0, else the first .gguf listed', () => {
    expect(pick(['m.Q8_0.gguf', 'm.Q5_K_M.gguf', 'm.Q4_K_S.gguf'])).toEqual({ ok: true, value: 'm.Q4_K_S.gguf' });
    expect(pick(['m.Q8_0.gguf', 'm.Q5_K_M.gguf'])).toEqual({ ok: true, value: 'm.Q5_K_M.gguf' });
    expect(pick(['m.F16.gguf', 'm.Q2_K.gguf'])).toEqual({ ok: true, value: 'm.F16.gguf' });
  });
  it('[README.md, config.json, tokenizer.json, model.onnx] → model.onnx', () => {
    expect(pick(['README.md', 'config.json', 'tokenizer.json', 'model.onnx'])).toEqual({ ok: true, value: 'model.onnx' });
  });
  it('onnx/model.onnx before any other .onnx; gguf before onnx', () => {
    expect(pick(['a.onnx', 'onnx/model.onnx'])).toEqual({ ok: true, value: 'onnx/model.onnx' });
    expect(pick(['model.onnx', 'x.gguf'])).toEqual({ ok: true, value: 'x.gguf' });
    expect(pick(['onnx/model_quantized.onnx'])).toEqual({ ok: true, value: 'onnx/model_quantized.onnx' });
  });
  it('[README.md, model.safetensors] → model.safetensors; then diffusers, then pytorch_model.bin, then any model file', () => {
    expect(pick(['README.md', 'model.safetensors'])).toEqual({ ok: true, value: 'model.safetensors' });
    expect(pick(['x.bin', 'diffusion_pytorch_model.safetensors'])).toEqual({ ok: true, value: 'diffusion_pytorch_model.safetensors' });
    expect(pick(['x.bin', 'pytorch_model.bin'])).toEqual({ ok: true, value: 'pytorch_model.bin' });
    expect(pick(['README.md', 'yolov8n.pt', 'w.bin'])).toEqual({ ok: true, value: 'yolov8n.pt' });
  });
  it('[README.md, config.json] → error listing the files', () => {
    expect(pick(['README.md', 'config.json'])).toEqual({ ok: false, error: 'Could not find a model file in HF repo org/repo. Files: ["README.md", "config.json"]' });
  });
  it('the error lists the first 10 files only', () => {
    const files = Array.from({ length: 12 }, (_, i) => `f${i}.txt`);
    const r = pick(files);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error).toContain('"f9.txt"');
      expect(r.error).not.toContain('"f10.txt"');
    }
  });
});
