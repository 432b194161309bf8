// Cargo slugs the reference names (product.md §5.3) and where they sit in the registry. The
// registry page prints no slugs; a slug is attached to a row only where the same source lists that
// Cargo under that slug (the draft post's document, media, utility and WASM lists; the docs'
// pricing example for the two GGUF models). Slugs with no such row stay catalog entries of their
// own rather than being guessed onto one (image-gen and sd-diffusers could each be "Stable
// Diffusion", row 14).

import type { RuntimeType } from './types';

/** Registry row (Table D #) → slug. */
export const REGISTRY_SLUGS: ReadonlyMap<number, string> = new Map([
  // DOCS pricing example: "Mistral 7B Instruct GGUF", "Qwen3.5-4B Q4_K_M GGUF".
  [1, 'gguf-mistral-7b'],
  [3, 'gguf-qwen3.5-4b'],
  // Container media and document Cargos (DOCS components, draft post).
  [71, 'video-transcode'],
  [72, 'video-compress'],
  [73, 'video-clip'],
  [74, 'video-thumbnail'],
  [75, 'video-subtitle'],
  [78, 'audio-convert'],
  [79, 'audio-merge'],
  [80, 'audio-split'],
  [81, 'noise-remove'],
  [82, 'normalize-audio'],
  [83, 'ocr'],
  [84, 'pdf-extract'],
  [85, 'pdf-merge'],
  [86, 'pdf-sign'],
  [87, 'html-to-pdf'],
  [88, 'markdown-to-pdf'],
  [89, 'docx-extract'],
  // The draft's only spreadsheet Cargo; the page calls it "Excel Parse".
  [90, 'xlsx-parse'],
  // Container utilities.
  [104, 'format-code'],
  [105, 'json-to-types'],
  [106, 'language-detect'],
  // WASM utilities.
  [112, 'hash'],
  [113, 'json'],
  [114, 'csv'],
  [117, 'regex'],
  [118, 'markdown'],
  [120, 'uuid'],
  [122, 'jwt'],
  [123, 'sanitize'],
  [124, 'yaml'],
  [125, 'toml'],
  [128, 'semver'],
  [129, 'diff'],
  [130, 'highlight'],
  [131, 'minify'],
]);

/** What §5.3 adds about a registry Cargo, by slug. */
export const SLUG_DESCRIPTIONS: Readonly<Record<string, string>> = {
  'gguf-mistral-7b': 'Mistral 7B Instruct GGUF',
  'gguf-qwen3.5-4b': 'Qwen3.5-4B Q4_K_M GGUF',
  'video-transcode': 'FFmpeg; MP4/WebM/MKV/MOV/GIF; H.264/H.265/VP9/AV1; NVENC',
  ocr: 'EasyOCR, 80+ languages, 2 GB RAM, 2 cores, GPU optional',
};

export interface SlugOnlyCargo {
  slug: string;
  name: string;
  runtimeType: RuntimeType | null;
  description: string;
}

/** Slugs the docs, SDK and Island use that match no registry row. */
export const SLUG_ONLY_CARGOS: readonly SlugOnlyCargo[] = [
  {
    slug: 'llm-chat',
    name: 'LLM Chat',
    // The docs' image ghcr.io/archipelag-io/llm-chat (llama.cpp inside); an ISL preload fixture sends it as llmcpp.
    runtimeType: 'container',
    description: 'Mistral 7B Q4_K_M via llama.cpp; 8GB+ GPU VRAM; 30–50 tok/s on RTX 3080; image ghcr.io/archipelag-io/llm-chat:latest. The JS SDK default for chat()',
  },
  { slug: 'sdxl', name: 'Stable Diffusion XL', runtimeType: null, description: 'The JS SDK default for generateImage()' },
  { slug: 'image-gen', name: 'Image Generation', runtimeType: 'diffusers', description: 'Stable Diffusion (ISL fixtures: runtime_type diffusers)' },
  { slug: 'sd-diffusers', name: 'Stable Diffusion (diffusers)', runtimeType: null, description: 'SD 1.5 (4 GB), SDXL (8 GB), SDXL+Refiner (12 GB); 512²–1024²' },
  {
    slug: 'gguf-kimi-k3',
    name: 'Kimi K3',
    runtimeType: 'container',
    description: 'Kimi K3 MoE (2.8T total / 104B active), UD-Q2_K_XL 861 GB; needs ~1 TB RAM + 32 cores; containerized llama.cpp fork; never auto-selected',
  },
  { slug: 'wasm-json', name: 'WASM JSON', runtimeType: 'wasm', description: 'WASM JSON (DOCS components)' },
];

/** Names §5.3 lists that are model names, not Cargos: an owner cannot price them. */
export const NON_CARGO_SLUGS: readonly { slug: string; what: string }[] = [
  { slug: 'mistral-7b-instruct', what: 'internal model slug (ISL source)' },
  { slug: 'mistral-7b', what: 'OpenAI-compatible chat model name in site code samples' },
];
