// §7.5 select_starter_models: the Rust Island's table with this build's runtimes as its features.
import { describe, expect, it } from 'vitest';
import { fileSuitsRuntime, selectStarterModels, type NativeRuntime } from '../../../src-shared/domain/models/starter-set';

const ON = { enabled: true, models: [] as string[] };
const BUILD: NativeRuntime[] = ['gguf', 'onnx'];
const uris = (ram: number, vram: number | null, runtimes = BUILD, settings = ON) => selectStarterModels(ram, vram, settings, runtimes).map((m) => m.uri);

const TINY = 'hf://TheBloke/TinyLlama-1.1B-Chat-v1.0-GGUF';
const MISTRAL = 'hf://TheBloke/Mistral-7B-Instruct-v0.2-GGUF';
const DISTIL = 'hf://distilbert-base-uncased-finetuned-sst-2-english:model.onnx';
const MINILM = 'hf://sentence-transformers/all-MiniLM-L6-v2:onnx/model.onnx';
const WHISPER = 'hf://openai/whisper-base';
const YOLO = 'hf://ultralytics/yolov8n';
const FLUX = 'hf://black-forest-labs/FLUX.1-schnell';
const QWEN = 'hf://unsloth/Qwen3.5-27B-GGUF';

describe('selectStarterModels', () => {
  it.each([
    // [ram MB, vram MB, expected URIs] for a gguf + onnx build
    [1024, null, []],
    [2048, null, []],
    [2049, null, [TINY]],
    [4096, null, [TINY]],
    [8191, 0, [TINY]],
    [8192, null, [TINY, MISTRAL, DISTIL, MINILM]],
    [16384, null, [TINY, MISTRAL, DISTIL, MINILM]],
    [16384, 2047, [TINY, MISTRAL, DISTIL, MINILM]],
    [16384, 2048, [TINY, MISTRAL, DISTIL, MINILM, WHISPER, YOLO]],
    [4096, 8192, [TINY, WHISPER, YOLO]],
    [65536, 23999, [TINY, MISTRAL, DISTIL, MINILM, WHISPER, YOLO]],
    [65536, 24000, [TINY, MISTRAL, DISTIL, MINILM, WHISPER, YOLO, QWEN]],
    [16000, 24576, [TINY, MISTRAL, DISTIL, MINILM, WHISPER, YOLO]], // Qwen needs 24000 MB of RAM too
  ] as const)('%i MB RAM, %s MB VRAM → %j', (ram, vram, expected) => {
    expect(uris(ram, vram)).toEqual(expected);
  });

  it('only the runtimes this build has: no diffusers here, so no FLUX even on a big GPU', () => {
    expect(uris(65536, 24576)).not.toContain(FLUX);
    expect(uris(65536, 24576, ['gguf', 'onnx', 'diffusers'])).toContain(FLUX);
    expect(uris(16384, null, ['onnx'])).toEqual([DISTIL, MINILM]);
    expect(uris(16384, null, ['gguf'])).toEqual([TINY, MISTRAL]);
    expect(uris(65536, 24576, [])).toEqual([]);
  });

  it('no GPU → every entry needs no VRAM', () => {
    for (const ram of [4096, 8192, 16384, 131072]) {
      for (const m of selectStarterModels(ram, null, ON, BUILD)) expect(m.minVramMb).toBe(0);
    }
  });

  it('disabled → nothing, even on big hardware or with models listed', () => {
    expect(uris(131072, 81920, BUILD, { enabled: false, models: [] })).toEqual([]);
    expect(uris(131072, 81920, BUILD, { enabled: false, models: ['hf://a/b:c.gguf'] })).toEqual([]);
  });

  it('[preload] models → exactly that list, whatever the hardware (also at 2048 MB and with no runtimes)', () => {
    const models = ['hf://a/b:c.gguf', 'https://example.com/m.onnx'];
    expect(uris(2048, null, BUILD, { enabled: true, models })).toEqual(models);
    expect(uris(1024, null, [], { enabled: true, models })).toEqual(models);
    expect(selectStarterModels(1024, null, { enabled: true, models }, BUILD).every((m) => m.runtime === null)).toBe(true);
  });
});

describe('fileSuitsRuntime', () => {
  it('keeps discovery from downloading a file the runtime cannot load', () => {
    expect(fileSuitsRuntime('tinyllama.Q4_K_M.gguf', 'gguf')).toBe(true);
    expect(fileSuitsRuntime('model.safetensors', 'onnx')).toBe(false);
    expect(fileSuitsRuntime('onnx/model.onnx', 'onnx')).toBe(true);
    expect(fileSuitsRuntime('yolov8n.pt', 'onnx')).toBe(false);
    expect(fileSuitsRuntime('anything.bin', null)).toBe(true);
  });
});
