// Runtime types (product.md §5.1) and how the registry page's format filter maps onto them.

import type { RuntimeType, RuntimeTypeInfo, SiteFormat } from './types';

export const RUNTIME_TYPES: readonly RuntimeTypeInfo[] = [
  { runtimeType: 'container', execution: 'Docker via Bollard', platforms: 'desktop (Linux, macOS; Windows via Docker Desktop/WSL)', islandNeeds: 'Docker', countDocs: 37, countSite: 38 },
  { runtimeType: 'wasm', execution: 'Wasmtime + WASI', platforms: 'any', islandNeeds: 'built in', countDocs: 21, countSite: 22 },
  { runtimeType: 'llmcpp', execution: 'llama.cpp', platforms: 'desktop, iOS, browser', islandNeeds: '--features gguf', countDocs: 15, countSite: 13 },
  { runtimeType: 'onnx', execution: 'ONNX Runtime', platforms: 'desktop, Android', islandNeeds: '--features onnx', countDocs: 45, countSite: 45 },
  { runtimeType: 'diffusers', execution: 'candle (Stable Diffusion)', platforms: 'desktop', islandNeeds: '--features diffusers, GPU recommended', countDocs: 12, countSite: 12 },
  { runtimeType: 'coreml', execution: 'Core ML / Apple Neural Engine', platforms: 'iOS', islandNeeds: '—', countDocs: 3, countSite: 3 },
];

const BY_FORMAT: Readonly<Record<SiteFormat, RuntimeType>> = {
  gguf: 'llmcpp',
  diffusers: 'diffusers',
  onnx: 'onnx',
  containers: 'container',
  coreml: 'coreml',
  wasm: 'wasm',
};

export function runtimeTypeOf(format: SiteFormat): RuntimeType {
  return BY_FORMAT[format];
}
