import { describe, expect, it } from 'vitest';
import { cudaProviderLibrary, ortSupport } from '../../../src-shared/domain/onnx/ort-support';
import { chooseProviders, intraOpThreads, physicalCoresFromCpuinfo, type ProviderFacts } from '../../../src-shared/domain/onnx/providers';

const gpuHost: ProviderFacts = { platform: 'linux', arch: 'x64', nvidiaGpu: true, cudaLibraries: true };

describe('chooseProviders', () => {
  it('uses CUDA, with the CPU behind it, when the host has a GPU and the provider libraries', () => {
    expect(chooseProviders('auto', gpuHost).providers).toEqual(['cuda', 'cpu']);
  });

  it('stays on the CPU and says why otherwise', () => {
    expect(chooseProviders('auto', { ...gpuHost, nvidiaGpu: false })).toEqual({ providers: ['cpu'], reason: 'no NVIDIA GPU found' });
    expect(chooseProviders('auto', { ...gpuHost, cudaLibraries: false }).reason).toMatch(/CUDA provider libraries are not installed/);
    expect(chooseProviders('auto', { ...gpuHost, platform: 'darwin', arch: 'arm64' }).reason).toBe('onnxruntime-node has no CUDA provider for darwin/arm64');
    expect(chooseProviders('cpu', gpuHost).providers).toEqual(['cpu']);
  });

  it('tries CUDA when asked even without evidence, keeping the CPU fallback', () => {
    expect(chooseProviders('cuda', { ...gpuHost, nvidiaGpu: false, cudaLibraries: false }).providers).toEqual(['cuda', 'cpu']);
  });
});

describe('threads', () => {
  it('uses min(physical cores, 4) unless overridden', () => {
    expect(intraOpThreads(2)).toBe(2);
    expect(intraOpThreads(16)).toBe(4);
    expect(intraOpThreads(16, 12)).toBe(12);
    expect(() => intraOpThreads(4, 0)).toThrow(/positive integer/);
  });

  it('counts distinct (physical id, core id) pairs in /proc/cpuinfo', () => {
    const block = (p: number, c: number) => `processor\t: x\nphysical id\t: ${p}\ncore id\t\t: ${c}\n`;
    // 2 sockets × 2 cores, each with 2 hyper-threads.
    const text = [block(0, 0), block(0, 0), block(0, 1), block(0, 1), block(1, 0), block(1, 0), block(1, 1), block(1, 1)].join('\n');
    expect(physicalCoresFromCpuinfo(text)).toBe(4);
    expect(physicalCoresFromCpuinfo('processor\t: 0\nmodel name\t: ARM\n')).toBeNull();
  });
});

describe('ortSupport', () => {
  const ok = { platform: 'linux', arch: 'x64', packageFound: true, bindingFound: true, workerFound: true };

  it('is available with the package, its binding and the worker', () => {
    expect(ortSupport(ok)).toEqual({ available: true });
  });

  it('names what is missing', () => {
    expect(ortSupport({ ...ok, bindingFound: false, platform: 'freebsd' })).toEqual({ available: false, reason: 'onnxruntime-node has no native binding for freebsd/x64' });
    expect(ortSupport({ ...ok, packageFound: false })).toEqual({ available: false, reason: 'onnxruntime-node is not installed' });
    expect(ortSupport({ ...ok, workerFound: false }).available).toBe(false);
  });

  it('knows the CUDA library names', () => {
    expect(cudaProviderLibrary('linux')).toBe('libonnxruntime_providers_cuda.so');
    expect(cudaProviderLibrary('darwin')).toBeNull();
  });
});
