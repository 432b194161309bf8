// Which GPUs the owner offers. An id is an index ("0") or an NVIDIA UUID ("GPU-8f…", any case);
// an excluded GPU is left out even when it is also listed.
import type { GpuSelection } from './types';

interface GpuIdentity {
  readonly index: number;
  readonly uuid: string | null;
}

function matches(gpu: GpuIdentity, ids: readonly string[]): boolean {
  const uuid = gpu.uuid?.toLowerCase();
  return ids.some((id) => {
    const t = id.trim().toLowerCase();
    return t === String(gpu.index) || (uuid !== undefined && t === uuid);
  });
}

export function offeredGpus<T extends GpuIdentity>(selection: GpuSelection, all: readonly T[]): T[] {
  return all.filter((g) => (selection.kind === 'all' || matches(g, selection.ids)) && !matches(g, selection.except));
}
