// The calculator's reference Cargos (`WORKLOADS`, product.md §1.5), in its order: the order breaks
// ties when picking the best Cargo.

import type { ReferenceWorkload } from './types';

export const REFERENCE_WORKLOADS: readonly ReferenceWorkload[] = [
  { id: 'llm-7b', name: 'LLM Chat (7B)', type: 'llm', minVramGb: 6, modelGb: 4.5, basePrice: 1.0 },
  { id: 'llm-13b', name: 'LLM Chat (13B)', type: 'llm', minVramGb: 10, modelGb: 8.0, basePrice: 2.0 },
  { id: 'llm-70b', name: 'LLM Chat (70B)', type: 'llm', minVramGb: 40, modelGb: 40.0, basePrice: 8.0 },
  { id: 'image-gen', name: 'Image Generation', type: 'container', minVramGb: 8, modelGb: 3.0, basePrice: 3.0 },
  { id: 'wasm-task', name: 'WASM Task', type: 'wasm', minVramGb: 0, modelGb: 0, basePrice: 0.5 },
];
