// What the Island registers with (§3.2). Detected once at start and reused, as the Rust Island does.
import { cpus, totalmem } from 'node:os';
import type { HostCapabilities } from '../../../src-shared/protocol/messages';
import type { GpuProbe } from '../metrics/gpu-probe';

export async function detectCapabilities(gpu: GpuProbe, region: string | null): Promise<HostCapabilities> {
  const { model, vramMb } = await gpu.info();
  return {
    gpu_model: model,
    gpu_vram_mb: vramMb,
    cpu_cores: Math.max(1, cpus().length),
    ram_mb: Math.floor(totalmem() / (1024 * 1024)),
    region,
  };
}
