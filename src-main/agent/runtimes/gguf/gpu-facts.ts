// What the GPU choice (gpu.ts) needs to know about this machine, found without loading any GPU
// library: on Linux the NVIDIA driver's control device exists once the driver is loaded.
import { existsSync } from 'node:fs';
import type { GpuFacts } from '../../../../src-shared/domain/gguf/gpu';

export function gpuFacts(platform: string = process.platform, exists: (file: string) => boolean = existsSync): GpuFacts {
  return { platform, nvidiaDevice: platform === 'linux' && (exists('/dev/nvidiactl') || exists('/proc/driver/nvidia/version')) };
}
