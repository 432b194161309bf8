import { describe, expect, it } from 'vitest';
import {
  APPROXIMATE_REQUEST_COSTS,
  catalogCargos,
  DEFAULT_ASKING_PRICE_EXAMPLE,
  findCargo,
  knownCargos,
  listCargoSlugs,
  NON_CARGO_SLUGS,
  TRUST_LEVELS,
} from '../../../src-shared/domain/catalog';
import { validatePrice } from '../../../src-shared/domain/pricing';

// Every slug of product.md §5.3, in its table order.
const REFERENCE_SLUGS = [
  'llm-chat', 'sdxl', 'image-gen', 'sd-diffusers', 'gguf-mistral-7b', 'gguf-qwen3.5-4b', 'gguf-kimi-k3',
  'mistral-7b-instruct', 'mistral-7b', 'video-transcode', 'wasm-json',
  'pdf-extract', 'pdf-merge', 'pdf-sign', 'html-to-pdf', 'markdown-to-pdf', 'docx-extract', 'xlsx-parse', 'ocr',
  'video-compress', 'video-clip', 'video-thumbnail', 'video-subtitle', 'audio-convert', 'audio-merge', 'audio-split',
  'noise-remove', 'normalize-audio',
  'json', 'csv', 'yaml', 'toml', 'regex', 'diff', 'highlight', 'minify', 'markdown', 'semver', 'jwt', 'hash', 'uuid', 'sanitize',
  'format-code', 'json-to-types', 'language-detect',
];

describe('Cargo slugs (§5.3)', () => {
  it('every reference slug is a known Cargo or listed as a model name', () => {
    const modelNames = NON_CARGO_SLUGS.map((s) => s.slug);
    for (const slug of REFERENCE_SLUGS) {
      expect(findCargo(slug) !== null || modelNames.includes(slug), slug).toBe(true);
    }
    expect(modelNames).toEqual(['mistral-7b-instruct', 'mistral-7b']);
    expect(modelNames.map(findCargo)).toEqual([null, null]);
  });

  it('knows exactly those slugs, each once', () => {
    const slugs = knownCargos().map((c) => c.slug);
    expect(new Set(slugs).size).toBe(slugs.length);
    expect([...slugs].sort()).toEqual(REFERENCE_SLUGS.filter((s) => !s.startsWith('mistral-7b')).sort());
  });

  it('attaches slugs to the registry rows the same lists name', () => {
    const at = (slug: string) => {
      const c = findCargo(slug);
      return c && [c.registry?.index ?? null, c.name, c.runtimeType];
    };
    expect(at('gguf-mistral-7b')).toEqual([1, 'Mistral 7B Instruct', 'llmcpp']);
    expect(at('gguf-qwen3.5-4b')).toEqual([3, 'Qwen3.5-4B', 'llmcpp']);
    expect(at('video-transcode')).toEqual([71, 'Video Transcode', 'container']);
    expect(at('xlsx-parse')).toEqual([90, 'Excel Parse', 'container']);
    expect(at('language-detect')).toEqual([106, 'Language Detect', 'container']);
    expect(at('json')).toEqual([113, 'JSON', 'wasm']);
    expect(at('minify')).toEqual([131, 'Minify', 'wasm']);
    // Known only from docs and code: no registry row, trust unknown.
    expect(at('llm-chat')).toEqual([null, 'LLM Chat', 'container']);
    expect(at('image-gen')).toEqual([null, 'Image Generation', 'diffusers']);
    expect(at('sdxl')).toEqual([null, 'Stable Diffusion XL', null]);
    expect(findCargo('llm-chat')?.trustLevel).toBeNull();
  });

  it('slug-less registry rows stay in the catalog but are not priceable', () => {
    expect(catalogCargos()).toHaveLength(133 + 6);
    const slugless = catalogCargos().filter((c) => c.slug === null);
    expect(slugless.map((c) => c.name)).toContain('Stable Diffusion');
    expect(slugless.every((c) => c.registry !== null)).toBe(true);
  });

  it('matches slugs exactly', () => {
    expect(findCargo('LLM-CHAT')).toBeNull();
    expect(findCargo(' llm-chat')).toBeNull();
    expect(findCargo('')).toBeNull();
  });
});

describe('price guidance (§3.1, §3.6)', () => {
  it('quotes the reference examples per Cargo, as config strings', () => {
    const prices = (slug: string) => findCargo(slug)?.priceGuidance.map((p) => [p.credits, p.basis]);
    expect(prices('gguf-mistral-7b')).toEqual([['2.0', 'asking-price']]);
    expect(prices('gguf-qwen3.5-4b')).toEqual([['0.80', 'asking-price']]);
    expect(prices('image-gen')).toEqual([['5.0', 'asking-price']]);
    expect(prices('llm-chat')).toEqual([['2.0', 'asking-price'], ['0.05', 'preload-estimate']]);
    expect(prices('video-transcode')).toEqual([]);
    expect(DEFAULT_ASKING_PRICE_EXAMPLE.credits).toBe('1.0');
  });

  it('every quoted price is one the price editor accepts', () => {
    const all = [DEFAULT_ASKING_PRICE_EXAMPLE, ...knownCargos().flatMap((c) => c.priceGuidance)];
    expect(all.length).toBeGreaterThan(5);
    for (const p of all) expect(validatePrice(p.credits), p.credits).toBeNull();
  });

  it('keeps the per-request cost ranges apart from asking prices', () => {
    expect(APPROXIMATE_REQUEST_COSTS.map((r) => [r.what, r.minCredits, r.maxCredits])).toEqual([
      ['LLM chat, standard', 1, 5],
      ['LLM chat, high quality', 5, 20],
      ['Image generation', 10, 50],
    ]);
  });
});

describe('trust levels (§5.2)', () => {
  it('map onto the Island sandbox tiers', () => {
    expect(TRUST_LEVELS.map((t) => [t.level, t.name, t.sandboxTier])).toEqual([
      [0, 'Sandbox', 'restricted'],
      [1, 'Community', 'standard'],
      [2, 'Verified', 'elevated'],
      [3, 'Official', 'elevated'],
    ]);
  });
});

describe('listCargoSlugs (the prices screen)', () => {
  it('lists the known Cargos, then other slugs once each, skipping the default key and blanks', () => {
    const list = listCargoSlugs(['my-cargo', 'llm-chat', '_default', ' ', 'my-cargo', 'other']);
    const known = knownCargos().length;
    expect(list).toHaveLength(known + 2);
    expect(list.slice(known)).toEqual([
      { kind: 'unknown', slug: 'my-cargo' },
      { kind: 'unknown', slug: 'other' },
    ]);
    const llm = list.find((l) => l.slug === 'llm-chat');
    expect(llm?.kind === 'known' && llm.cargo.name).toBe('LLM Chat');
  });
});
