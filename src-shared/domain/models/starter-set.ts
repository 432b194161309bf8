// The models an Island preloads at start (island-protocol.md §7.5): the owner's `[preload]
// models` exactly when set, else a starter set that fits the hardware, limited to the native
// runtimes this build has. The table is the Rust Island's, entry for entry, so both fill the
// same cache with the same files.

export type NativeRuntime = 'gguf' | 'onnx' | 'diffusers';

export interface StarterModel {
  uri: string;
  name: string;
  /** The runtime it is for; null for an owner's own `[preload] models` entry (any runtime). */
  runtime: NativeRuntime | null;
  minRamMb: number;
  minVramMb: number;
}

export interface PreloadSettings {
  enabled: boolean;
  models: readonly string[];
}

interface TableRow extends StarterModel {
  runtime: NativeRuntime;
  /** When the row is a candidate at all (the Rust code's `if` around each push). */
  offered(ramMb: number, vramMb: number): boolean;
}

/** At or below this much RAM an Island runs WASM only ("tiny" tier) and preloads nothing. */
export const TINY_RAM_MB = 2048;

const TABLE: readonly TableRow[] = [
  { uri: 'hf://TheBloke/TinyLlama-1.1B-Chat-v1.0-GGUF', name: 'TinyLlama 1.1B Chat (GGUF, 670MB)', runtime: 'gguf', minRamMb: 2048, minVramMb: 0, offered: () => true },
  { uri: 'hf://TheBloke/Mistral-7B-Instruct-v0.2-GGUF', name: 'Mistral 7B Instruct (GGUF, 4.4GB)', runtime: 'gguf', minRamMb: 8192, minVramMb: 0, offered: (ram) => ram >= 8192 },
  { uri: 'hf://distilbert-base-uncased-finetuned-sst-2-english:model.onnx', name: 'DistilBERT Sentiment (ONNX, 268MB)', runtime: 'onnx', minRamMb: 4096, minVramMb: 0, offered: (ram) => ram >= 8192 },
  { uri: 'hf://sentence-transformers/all-MiniLM-L6-v2:onnx/model.onnx', name: 'MiniLM-L6 Embeddings (ONNX, 90MB)', runtime: 'onnx', minRamMb: 4096, minVramMb: 0, offered: (ram) => ram >= 8192 },
  { uri: 'hf://openai/whisper-base', name: 'Whisper Base (ONNX)', runtime: 'onnx', minRamMb: 2048, minVramMb: 1024, offered: (_r, vram) => vram >= 2048 },
  { uri: 'hf://ultralytics/yolov8n', name: 'YOLOv8 Detection (ONNX)', runtime: 'onnx', minRamMb: 1024, minVramMb: 512, offered: (_r, vram) => vram >= 2048 },
  { uri: 'hf://black-forest-labs/FLUX.1-schnell', name: 'FLUX.1-schnell (Diffusers)', runtime: 'diffusers', minRamMb: 16384, minVramMb: 8000, offered: (ram, vram) => ram >= 16384 && vram >= 8000 },
  { uri: 'hf://unsloth/Qwen3.5-27B-GGUF', name: 'Qwen3.5-27B (GGUF)', runtime: 'gguf', minRamMb: 24000, minVramMb: 18000, offered: (_r, vram) => vram >= 24000 },
];

/** `select_starter_models(ram_mb, vram_mb, cfg)`, with the runtimes of this build as the compile features. */
export function selectStarterModels(ramMb: number, vramMb: number | null, settings: PreloadSettings, runtimes: readonly NativeRuntime[]): StarterModel[] {
  if (!settings.enabled) return [];
  if (settings.models.length > 0) {
    return settings.models.map((uri) => ({ uri, name: uri, runtime: null, minRamMb: 0, minVramMb: 0 }));
  }
  if (ramMb <= TINY_RAM_MB) return [];
  const vram = vramMb ?? 0;
  return TABLE.filter((row) => runtimes.includes(row.runtime) && row.offered(ramMb, vram) && ramMb >= row.minRamMb && vram >= row.minVramMb).map(
    ({ uri, name, runtime, minRamMb, minVramMb }) => ({ uri, name, runtime, minRamMb, minVramMb }),
  );
}

/**
 * Whether a file suits the runtime a starter entry is for. Auto-discovery takes the best file a
 * repo has, which for some table rows is not one the runtime can load (whisper-base has no
 * `.onnx`); downloading it would spend the owner's bandwidth and disk on nothing.
 */
export function fileSuitsRuntime(fileName: string, runtime: NativeRuntime | null): boolean {
  const f = fileName.toLowerCase();
  switch (runtime) {
    case null:
      return true;
    case 'gguf':
      return f.endsWith('.gguf');
    case 'onnx':
      return f.endsWith('.onnx');
    case 'diffusers':
      return f.endsWith('.safetensors') || f.endsWith('.bin');
  }
}
