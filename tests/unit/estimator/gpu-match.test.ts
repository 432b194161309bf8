import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { listEstimatorGpus, matchDetectedGpu, type GpuMatch } from '../../../src-shared/domain/estimator';

/** A match as [gpu id, basis, vram], or the unmatched reason and suggested ids. */
function summary(m: GpuMatch): readonly unknown[] {
  return m.kind === 'matched' ? [m.gpu.id, m.basis, m.vram] : [m.reason, m.suggestions.map((g) => g.id)];
}

const match = (name: string | null, vramMb: number | null = null) => summary(matchDetectedGpu({ name, vramMb }));

describe('matching a detected GPU to the estimator', () => {
  it.each([
    // nvidia-smi names with their memory.total in MiB.
    ['NVIDIA GeForce RTX 4090', 24564, 'nvidia-rtx-4090'],
    ['NVIDIA RTX A6000', 49140, 'nvidia-rtx-a6000'],
    ['NVIDIA RTX A5000', 24564, 'nvidia-rtx-a5000'],
    ['NVIDIA RTX A4000', 16376, 'nvidia-rtx-a4000'],
    ['Tesla T4', 15360, 'nvidia-t4'],
    ['NVIDIA H100 80GB HBM3', 81559, 'nvidia-h100'],
    ['NVIDIA H100 PCIe', 81559, 'nvidia-h100'],
    ['NVIDIA A100-SXM4-80GB', 81920, 'nvidia-a100-80gb'],
    ['NVIDIA A100-SXM4-40GB', 40960, 'nvidia-a100-40gb'],
    ['NVIDIA A100-PCIE-40GB', 40960, 'nvidia-a100-40gb'],
    ['NVIDIA A100 80GB PCIe', 81920, 'nvidia-a100-80gb'],
    ['NVIDIA L40S', 46068, 'nvidia-l40s'],
    ['NVIDIA L4', 23034, 'nvidia-l4'],
    ['NVIDIA A40', 46068, 'nvidia-a40'],
    ['NVIDIA GeForce RTX 5090', 32607, 'nvidia-rtx-5090'],
    ['NVIDIA GeForce RTX 5080', 16303, 'nvidia-rtx-5080'],
    ['NVIDIA GeForce RTX 5070 Ti', 16303, 'nvidia-rtx-5070-ti'],
    ['NVIDIA GeForce RTX 5070', 12227, 'nvidia-rtx-5070'],
    ['NVIDIA GeForce RTX 4080 SUPER', 16376, 'nvidia-rtx-4080-super'],
    ['NVIDIA GeForce RTX 4080', 16376, 'nvidia-rtx-4080'],
    ['NVIDIA GeForce RTX 4070 Ti SUPER', 16376, 'nvidia-rtx-4070-ti-super'],
    ['NVIDIA GeForce RTX 4070 Ti', 12282, 'nvidia-rtx-4070-ti'],
    ['NVIDIA GeForce RTX 4070 SUPER', 12282, 'nvidia-rtx-4070-super'],
    ['NVIDIA GeForce RTX 4070', 12282, 'nvidia-rtx-4070'],
    ['NVIDIA GeForce RTX 4060 Ti', 8188, 'nvidia-rtx-4060-ti'],
    ['NVIDIA GeForce RTX 4060', 8188, 'nvidia-rtx-4060'],
    ['NVIDIA GeForce RTX 3090 Ti', 24564, 'nvidia-rtx-3090-ti'],
    ['NVIDIA GeForce RTX 3090', 24576, 'nvidia-rtx-3090'],
    ['NVIDIA GeForce RTX 3080 Ti', 12288, 'nvidia-rtx-3080-ti'],
    ['NVIDIA GeForce RTX 3080', 10240, 'nvidia-rtx-3080'],
    ['NVIDIA GeForce RTX 3070 Ti', 8192, 'nvidia-rtx-3070-ti'],
    ['NVIDIA GeForce RTX 3070', 8192, 'nvidia-rtx-3070'],
    ['NVIDIA GeForce RTX 3060 Ti', 8192, 'nvidia-rtx-3060-ti'],
    ['NVIDIA GeForce RTX 3060', 12288, 'nvidia-rtx-3060'],
    ['NVIDIA GeForce RTX 2080 Ti', 11264, 'nvidia-rtx-2080-ti'],
    ['NVIDIA GeForce RTX 2080 SUPER', 8192, 'nvidia-rtx-2080-super'],
    ['NVIDIA GeForce RTX 2070 SUPER', 8192, 'nvidia-rtx-2070-super'],
    ['NVIDIA GeForce RTX 2060 SUPER', 8192, 'nvidia-rtx-2060-super'],
    ['NVIDIA GeForce GTX 1080 Ti', 11264, 'nvidia-gtx-1080-ti'],
    ['NVIDIA GeForce GTX 1080', 8192, 'nvidia-gtx-1080'],
    ['NVIDIA GeForce GTX 1070', 8192, 'nvidia-gtx-1070'],
    // OS and GL renderer spellings.
    ['AMD Radeon RX 7900 XTX', 24560, 'amd-rx-7900-xtx'],
    ['AMD Radeon RX 7900 XT', 20464, 'amd-rx-7900-xt'],
    ['AMD Radeon RX 7800 XT', 16368, 'amd-rx-7800-xt'],
    ['AMD Radeon RX 7700 XT', 12272, 'amd-rx-7700-xt'],
    ['AMD Radeon RX 6900 XT', 16368, 'amd-rx-6900-xt'],
    ['AMD Radeon RX 6800 XT', 16368, 'amd-rx-6800-xt'],
    ['Apple M4 Max', 49152, 'apple-m4-max'],
    ['Apple M4 Pro', 24576, 'apple-m4-pro'],
    ['Apple M3 Max', 49152, 'apple-m3-max'],
    ['Apple M3 Pro', 18432, 'apple-m3-pro'],
    ['Apple M2 Max', 32768, 'apple-m2-max'],
    ['Apple M2 Pro', 16384, 'apple-m2-pro'],
    ['NVIDIA GeForce GTX 1070/PCIe/SSE2', 8192, 'nvidia-gtx-1070'],
    ['NVIDIA GeForce RTX 3060Ti', 8192, 'nvidia-rtx-3060-ti'],
    ['AMD Radeon RX 7900XTX', 24560, 'amd-rx-7900-xtx'],
    ['  nvidia   geforce rtx 4090 ', 24564, 'nvidia-rtx-4090'],
  ])('%s (%i MiB) → %s', (name, vramMb, id) => {
    expect(match(name, vramMb)).toEqual([id, 'name', 'as-listed']);
  });

  it('every estimator GPU matches its own name and memory', () => {
    for (const gpu of listEstimatorGpus().filter((g) => g.id !== 'cpu-only')) {
      expect(match(gpu.name, gpu.vramGb * 1024), gpu.name).toEqual([gpu.id, 'name', 'as-listed']);
    }
  });

  it('no GPU detected → the CPU-only entry', () => {
    expect(match(null)).toEqual(['cpu-only', 'no-gpu', 'unknown']);
    expect(match('   ', 0)).toEqual(['cpu-only', 'no-gpu', 'unknown']);
  });

  it('reports memory that disagrees with the entry, and unknown memory', () => {
    expect(match('NVIDIA GeForce RTX 4060 Ti', 16380)).toEqual(['nvidia-rtx-4060-ti', 'name', 'differs']);
    expect(match('NVIDIA GeForce RTX 3080', 12288)).toEqual(['nvidia-rtx-3080', 'name', 'differs']);
    expect(match('Apple M3 Max', 131072)).toEqual(['apple-m3-max', 'name', 'differs']);
    expect(match('NVIDIA GeForce RTX 4090', null)).toEqual(['nvidia-rtx-4090', 'name', 'unknown']);
  });

  it('an A100 without a size in its name is told apart by its memory, or not at all', () => {
    expect(match('NVIDIA A100', 40960)).toEqual(['nvidia-a100-40gb', 'name-and-vram', 'as-listed']);
    expect(match('NVIDIA A100 PCIe', 81920)).toEqual(['nvidia-a100-80gb', 'name-and-vram', 'as-listed']);
    expect(match('NVIDIA A100', null)).toEqual(['ambiguous', ['nvidia-a100-80gb', 'nvidia-a100-40gb']]);
    const odd = matchDetectedGpu({ name: 'NVIDIA A100', vramMb: 24576 });
    expect(odd.kind === 'unmatched' && odd.reason).toBe('ambiguous');
  });
});

describe('names that must not match a different card', () => {
  it.each([
    // Laptop parts share the desktop name but not its chip, memory or bandwidth.
    ['NVIDIA GeForce RTX 4090 Laptop GPU', 16376, 'laptop', 'nvidia-rtx-4090'],
    ['NVIDIA GeForce RTX 3080 Ti Laptop GPU', 16384, 'laptop', 'nvidia-rtx-3080-ti'],
    ['NVIDIA GeForce RTX 4060 Laptop GPU', 8188, 'laptop', 'nvidia-rtx-4060'],
    ['NVIDIA GeForce RTX 2080 Super with Max-Q Design', 8192, 'laptop', 'nvidia-rtx-2080-super'],
    ['NVIDIA RTX A5000 Laptop GPU', 16384, 'laptop', 'nvidia-rtx-a5000'],
    // Models the estimator lacks, each next to ones it has.
    ['NVIDIA GeForce RTX 3050', 8192, 'unknown-model', 'nvidia-rtx-3070'],
    ['NVIDIA GeForce RTX 2080', 8192, 'unknown-model', 'nvidia-rtx-2080-super'],
    ['NVIDIA GeForce GTX 1070 Ti', 8192, 'unknown-model', 'nvidia-gtx-1070'],
    ['NVIDIA GeForce RTX 5090 D', 32607, 'unknown-model', 'nvidia-rtx-5090'],
    ['NVIDIA L40', 46068, 'unknown-model', 'nvidia-l40s'],
    ['NVIDIA H200', 143771, 'unknown-model', 'nvidia-h100'],
    ['Apple M2', 16384, 'unknown-model', 'apple-m2-pro'],
    ['Apple M3 Ultra', 98304, 'unknown-model', 'apple-m3-max'],
    // Both 7900s share the number; the XT's 20 GB is nearer the GRE's 16 GB.
    ['AMD Radeon RX 7900 GRE', 16368, 'unknown-model', 'amd-rx-7900-xt'],
  ])('%s is not matched (%s); first suggestion %s', (name, vramMb, reason, first) => {
    const m = matchDetectedGpu({ name, vramMb });
    expect(m.kind).toBe('unmatched');
    if (m.kind !== 'unmatched') return;
    expect(m.reason).toBe(reason);
    expect(m.suggestions[0]?.id).toBe(first);
    expect(m.suggestions.length).toBeLessThanOrEqual(3);
  });

  it.each([
    ['NVIDIA T400', 'nvidia-t4'],
    ['NVIDIA A10', 'nvidia-a40'],
    ['NVIDIA A10G', 'nvidia-a40'],
    ['Quadro RTX 6000', 'nvidia-rtx-a6000'],
    ['NVIDIA RTX 6000 Ada Generation', 'nvidia-rtx-a6000'],
    ['NVIDIA RTX 4000 Ada Generation', 'nvidia-rtx-a4000'],
    ['Tesla V100-SXM2-16GB', 'nvidia-t4'],
    ['Intel(R) Arc(TM) A770 Graphics', 'nvidia-rtx-4060'],
  ])('%s is not %s', (name, wrong) => {
    const m = matchDetectedGpu({ name, vramMb: null });
    expect(m.kind === 'matched' ? m.gpu.id : m.reason).not.toBe(wrong);
    expect(m.kind).toBe('unmatched');
  });

  it('the suggestions for a missing step name its neighbours', () => {
    const m = matchDetectedGpu({ name: 'NVIDIA GeForce RTX 2080', vramMb: 8192 });
    expect(m.kind === 'unmatched' && m.suggestions.map((g) => g.id)).toEqual(
      expect.arrayContaining(['nvidia-rtx-2080-super', 'nvidia-rtx-2080-ti']),
    );
    const apple = matchDetectedGpu({ name: 'Apple M2', vramMb: null });
    // Equally close by name: GPU_DB order.
    expect(apple.kind === 'unmatched' && apple.suggestions.map((g) => g.id).slice(0, 2)).toEqual(['apple-m2-max', 'apple-m2-pro']);
  });

  it('never throws on arbitrary names, and never suggests the CPU entry', () => {
    fc.assert(
      fc.property(fc.string(), fc.option(fc.integer({ min: 0, max: 200_000 })), (name, vramMb) => {
        const m = matchDetectedGpu({ name, vramMb });
        if (m.kind === 'unmatched') {
          expect(m.suggestions.length).toBeLessThanOrEqual(3);
          expect(m.suggestions.some((g) => g.id === 'cpu-only')).toBe(false);
        }
      }),
    );
  });
});
