// The machine as the dashboard describes it: CPU, RAM, OS and each GPU with whether the owner
// offers it (`[workload] gpu_devices`: indexes or UUIDs; unset offers every GPU). GPU names come
// from nvidia-smi's inventory when one is available, else the registered model for GPU 0.
import type { GpuInfo, HardwareInfo } from '../../../src-shared/api/views';
import type { GpuInventoryEntry } from '../../../src-shared/domain/nvidia-smi';
import type { GpuMetricsSnapshot, HostCapabilities } from '../../../src-shared/protocol/messages';

export interface HostDescription {
  cpuModel: string | null;
  os: string;
}

export function hardwareInfo(
  caps: HostCapabilities,
  host: HostDescription,
  gpus: { metrics: GpuMetricsSnapshot[] | null; inventory: GpuInventoryEntry[] | null },
  gpuDevices: readonly string[] | undefined,
): HardwareInfo {
  const offered = (index: number, uuid: string | null) =>
    gpuDevices === undefined || gpuDevices.includes(String(index)) || (uuid !== null && gpuDevices.includes(uuid));
  let list: GpuInfo[];
  if (gpus.inventory && gpus.inventory.length > 0) {
    list = gpus.inventory.map((g) => ({ index: g.index, name: g.name, vramMb: g.memoryTotalMb, offered: offered(g.index, g.uuid) }));
  } else if (gpus.metrics && gpus.metrics.length > 0) {
    list = gpus.metrics.map((g) => ({
      index: g.index,
      name: g.index === 0 && caps.gpu_model ? caps.gpu_model : `GPU ${g.index}`,
      vramMb: g.memory_total_mb,
      offered: offered(g.index, null),
    }));
  } else if (caps.gpu_model) {
    list = [{ index: 0, name: caps.gpu_model, vramMb: caps.gpu_vram_mb ?? 0, offered: offered(0, null) }];
  } else {
    list = [];
  }
  return { cpuModel: host.cpuModel, cpuCores: caps.cpu_cores, ramMb: caps.ram_mb, os: host.os, gpus: list };
}
