// What this machine offers onnxruntime-node, found with cheap file checks: the package and its
// native binding (never loaded here: that happens in the inference process), the CUDA provider
// libraries, an NVIDIA GPU, and the physical core count.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { cudaProviderLibrary, ortBindingDir } from '../../../../src-shared/domain/onnx/ort-support';
import { physicalCoresFromCpuinfo, type ProviderFacts } from '../../../../src-shared/domain/onnx/providers';

/** onnxruntime-node's folder, or null when it cannot be resolved from here. */
export function ortPackageDir(fromUrl: string = import.meta.url): string | null {
  try {
    return path.dirname(createRequire(fromUrl).resolve('onnxruntime-node/package.json'));
  } catch {
    return null;
  }
}

export function ortBindingExists(packageDir: string, platform = process.platform, arch = process.arch): boolean {
  return existsSync(path.join(packageDir, ortBindingDir(platform, arch), 'onnxruntime_binding.node'));
}

export function nvidiaGpuPresent(platform = process.platform): boolean {
  if (platform === 'linux') {
    try {
      if (readdirSync('/proc/driver/nvidia/gpus').length > 0) return true;
    } catch {
      // No NVIDIA kernel driver.
    }
    return existsSync('/dev/nvidia0');
  }
  if (platform === 'win32') return existsSync(path.join(process.env['SystemRoot'] ?? 'C:\\Windows', 'System32', 'nvcuda.dll'));
  return false;
}

export function providerFacts(packageDir: string | null): ProviderFacts {
  const lib = cudaProviderLibrary(process.platform);
  const cudaLibraries = packageDir !== null && lib !== null && existsSync(path.join(packageDir, ortBindingDir(process.platform, process.arch), lib));
  return { platform: process.platform, arch: process.arch, nvidiaGpu: nvidiaGpuPresent(), cudaLibraries };
}

export function physicalCores(): number {
  if (process.platform === 'linux') {
    try {
      const n = physicalCoresFromCpuinfo(readFileSync('/proc/cpuinfo', 'utf8'));
      if (n !== null) return n;
    } catch {
      // Not readable: fall back to the logical count.
    }
  }
  return availableParallelism();
}
