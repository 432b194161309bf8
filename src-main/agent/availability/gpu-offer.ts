// Which GPUs the owner offers, applied to what leaves the Island: the heartbeat's `gpus[]` and the
// registration's GPU carry only offered GPUs, and a container or an inference process gets only
// offered devices. nvidia-smi's inventory maps indexes to UUIDs (a selection may name either);
// without an inventory only index rules can be honoured, so UUID-only selections offer nothing.
import { offeredGpus, type GpuSelection } from '../../../src-shared/domain/availability/index';
import type { GpuProbe } from '../metrics/gpu-probe';
import type { GpuInventoryEntry } from '../../../src-shared/domain/nvidia-smi';
import type { GpuMetricsSnapshot, HostCapabilities } from '../../../src-shared/protocol/messages';

export interface GpuIdentity {
  index: number;
  uuid: string | null;
}

export function offeredIndexes(selection: GpuSelection, gpus: readonly GpuIdentity[]): Set<number> {
  return new Set(offeredGpus(selection, gpus).map((g) => g.index));
}

export function identitiesOf(inventory: readonly GpuInventoryEntry[] | null, metrics: readonly GpuMetricsSnapshot[] | null): GpuIdentity[] {
  if (inventory && inventory.length > 0) return inventory.map((g) => ({ index: g.index, uuid: g.uuid }));
  return (metrics ?? []).map((g) => ({ index: g.index, uuid: null }));
}

export function filterOfferedMetrics(metrics: GpuMetricsSnapshot[] | null, offer: GpuOffer): GpuMetricsSnapshot[] | null {
  return metrics === null || offer.everything ? metrics : metrics.filter((g) => offer.offered.has(g.index));
}

/** Registration names the first offered GPU; none offered → no GPU, as on a machine without one. */
export function offeredCapabilities(caps: HostCapabilities, inventory: readonly GpuInventoryEntry[] | null, offered: ReadonlySet<number>): HostCapabilities {
  if (!inventory || inventory.length === 0) return offered.has(0) || caps.gpu_model === null ? caps : { ...caps, gpu_model: null, gpu_vram_mb: null };
  const first = [...inventory].sort((a, b) => a.index - b.index).find((g) => offered.has(g.index));
  return first ? { ...caps, gpu_model: first.name, gpu_vram_mb: first.memoryTotalMb } : { ...caps, gpu_model: null, gpu_vram_mb: null };
}

/**
 * The devices a container may get: what `[workload] gpu_devices` asks for, less every GPU the
 * owner does not offer. "all" becomes the offered indexes when some are excluded.
 */
export function containerGpuDevices(wanted: readonly string[] | undefined, offer: GpuOffer): string[] | undefined {
  if (!wanted || wanted.length === 0 || offer.everything) return wanted ? [...wanted] : undefined;
  const { gpus, offered } = offer;
  if (gpus.length === 0) {
    // nvidia-smi could not list the GPUs: honour the exclusions as written; "all" with exclusions offers none.
    const except = new Set(offer.except.map((e) => e.trim().toLowerCase()));
    return wanted.includes('all') ? (except.size === 0 ? ['all'] : []) : wanted.filter((id) => !except.has(id.trim().toLowerCase()));
  }
  const allOffered = gpus.length > 0 && gpus.every((g) => offered.has(g.index));
  if (wanted.includes('all')) return allOffered ? ['all'] : [...offered].sort((a, b) => a - b).map(String);
  return wanted.filter((id) => {
    const gpu = gpus.find((g) => String(g.index) === id.trim() || g.uuid?.toLowerCase() === id.trim().toLowerCase());
    return gpu !== undefined && offered.has(gpu.index);
  });
}

/**
 * The environment that keeps an inference process to the offered GPUs, or {} when every GPU is
 * offered. UUIDs when known (CUDA's own order may differ from nvidia-smi's); otherwise indexes
 * with CUDA told to count in nvidia-smi's (PCI bus) order. An empty list hides every GPU.
 */
export function cudaEnv(gpus: readonly GpuIdentity[], offered: ReadonlySet<number>): Record<string, string> {
  if (gpus.length === 0 || gpus.every((g) => offered.has(g.index))) return {};
  const visible = [...gpus].filter((g) => offered.has(g.index)).sort((a, b) => a.index - b.index);
  const byUuid = visible.every((g) => g.uuid !== null);
  return {
    CUDA_VISIBLE_DEVICES: visible.map((g) => (byUuid ? g.uuid : String(g.index))).join(','),
    ...(byUuid ? {} : { CUDA_DEVICE_ORDER: 'PCI_BUS_ID' }),
  };
}

/** What the Island tells each runtime about the GPUs it may use. */
export interface GpuOffer {
  /** Every GPU is offered (no selection in config): nothing is filtered, whatever appears later. */
  everything: boolean;
  /** `[availability] exclude_gpus` as written (indexes or UUIDs). */
  except: readonly string[];
  gpus: readonly GpuIdentity[];
  offered: ReadonlySet<number>;
}

export const EVERY_GPU: GpuOffer = { everything: true, except: [], gpus: [], offered: new Set() };

/** The offered GPUs from nvidia-smi's inventory (UUIDs) or metrics (indexes), and the registration over them. */
export async function offeredHardware(gpu: Pick<GpuProbe, 'inventory' | 'metrics'>, selection: GpuSelection, caps: HostCapabilities): Promise<{ capabilities: HostCapabilities; offer: GpuOffer }> {
  if (selection.kind === 'all' && selection.except.length === 0) return { capabilities: caps, offer: EVERY_GPU };
  const inventory = await gpu.inventory();
  const gpus = identitiesOf(inventory, inventory ? null : await gpu.metrics());
  const offered = offeredIndexes(selection, gpus);
  return { capabilities: offeredCapabilities(caps, inventory, offered), offer: { everything: false, except: selection.except, gpus, offered } };
}
