// Which estimator entry to preselect from what the Island detected: the first GPU it offers (or
// the first at all), matched by the estimator's own matcher; no GPU at all means the CPU entry.
import type { HardwareInfo } from '../../../../src-shared/api/views';
import { matchDetectedGpu, type GpuMatch } from '../../../../src-shared/domain/estimator';

export interface Detection {
  /** What nvidia-smi (or the OS) called it; null without a GPU. */
  name: string | null;
  match: GpuMatch;
}

export function detectGpu(hardware: HardwareInfo): Detection {
  const gpu = hardware.gpus.find((g) => g.offered) ?? hardware.gpus[0];
  const name = gpu?.name ?? null;
  return { name, match: matchDetectedGpu({ name, vramMb: gpu?.vramMb ?? null }) };
}
