import { describe, expect, it } from 'vitest';
import { registryCargos, RUNTIME_TYPES, trustLevelInfo, type CatalogCargo } from '../../../src-shared/domain/catalog';

/** A registry entry as Table D prints it: #, name, runtime, category, model, size, GPU tag, tags. */
function printed(c: CatalogCargo): readonly unknown[] {
  const r = c.registry;
  if (r === null) throw new Error(`${c.name} has no registry row`);
  const size = r.size === null ? '—' : r.size.kind === 'vram' ? `${r.size.gb} GB VRAM` : `${r.size.gb} GB`;
  return [r.index, c.name, c.runtimeType, r.category, r.model ?? '—', size, r.gpu, r.tags.join(', ')];
}

describe('the public registry (Table D)', () => {
  const rows = registryCargos();

  it('has the 133 Cargos in page order', () => {
    expect(rows).toHaveLength(133);
    expect(rows.map((c) => c.registry?.index)).toEqual(Array.from({ length: 133 }, (_, i) => i + 1));
    expect(new Set(rows.map((c) => c.name)).size).toBe(133);
  });

  it('counts per runtime type agree with the page filter (§5.1)', () => {
    const counts = new Map<string, number>();
    for (const c of rows) counts.set(c.runtimeType ?? 'none', (counts.get(c.runtimeType ?? 'none') ?? 0) + 1);
    expect(Object.fromEntries(counts)).toEqual(Object.fromEntries(RUNTIME_TYPES.map((t) => [t.runtimeType, t.countSite])));
  });

  it('maps every site format onto its runtime type', () => {
    const formats = new Map(rows.map((c) => [c.registry?.siteFormat, c.runtimeType]));
    expect(Object.fromEntries(formats)).toEqual({
      gguf: 'llmcpp', diffusers: 'diffusers', onnx: 'onnx', containers: 'container', coreml: 'coreml', wasm: 'wasm',
    });
  });

  it.each([
    // Rows copied from product.md §5.4 Table D.
    [1, 'Mistral 7B Instruct', 'llmcpp', 'generative', 'Mistral 7B Instruct', '4.4 GB', 'optional', 'Q4_K_M'],
    [8, 'GLM-5', 'llmcpp', 'generative', 'GLM-5', '42 GB', 'required', 'MoE, 744B/40B active, Q4_K_M'],
    [14, 'Stable Diffusion', 'diffusers', 'generative', 'SD 1.5 · SDXL', '8 GB VRAM', 'required', ''],
    [22, 'Wan2.2-T2V-A14B', 'diffusers', 'generative', 'Wan2.2-T2V-A14B', '16 GB VRAM', 'required', 'MoE, Video'],
    [26, 'DistilBERT Sentiment', 'onnx', 'nlp', 'distilbert-base-uncased-finetuned-sst-2-english', '—', 'none', ''],
    [57, 'Kokoro TTS', 'onnx', 'audio', 'hexgrad/Kokoro-82M', '—', 'cpu-gpu-optional', '82M params'],
    [65, 'Qwen3-Embedding-0.6B', 'onnx', 'nlp', 'Qwen/Qwen3-Embedding-0.6B', '—', 'cpu', '0.6B'],
    [71, 'Video Transcode', 'container', 'media', '—', '—', 'none', ''],
    [107, 'LLM Chat (Mock)', 'container', 'utility', '—', '—', 'none', ''],
    [109, 'Qwen3.5-0.8B (CoreML)', 'coreml', 'generative', 'Qwen3.5-0.8B', '—', 'none', 'CoreML, iOS 17+, Neural Engine'],
    [133, 'Echo', 'wasm', 'utility', '—', '—', 'none', ''],
  ])('row %i: %s', (index, ...rest) => {
    const row = rows[index - 1];
    expect(row && printed(row)).toEqual([index, ...rest]);
  });

  it('every entry is Official: trust level 3, whose Island sandbox tier is elevated', () => {
    expect(new Set(rows.map((c) => c.trustLevel))).toEqual(new Set([3]));
    expect(trustLevelInfo(3)).toMatchObject({ name: 'Official', sandboxTier: 'elevated' });
  });
});
