// The availability controller as the Island builds it: the policy from config.toml, GPU
// temperatures from the Island's own GpuProbe (offered GPUs, with UUIDs when known), the process
// scan and the full-screen look for game mode, the OS idle time when a desktop supplies it, and
// the power cap through nvidia-smi. Tests and the desktop replace any sensor or the clock.
import { execFile } from 'node:child_process';
import { policyFromConfig, type GpuReading } from '../../../src-shared/domain/availability/index';
import type { IslandConfig } from '../../../src-shared/config/schema';
import type { Logger } from '../log/logger';
import type { GpuProbe, RunTool } from '../metrics/gpu-probe';
import { AvailabilityController, type AvailabilityTarget } from './availability-controller';
import type { Clock } from './clock';
import type { GpuOffer } from './gpu-offer';
import { fullscreenSensor } from './fullscreen-sensor';
import { NO_IDLE_SOURCE } from './idle-source';
import { PowerCap } from './power-cap';
import { processLister } from './process-list';
import type { AvailabilitySensors } from './sensors';

export interface IslandAvailabilityOptions extends Partial<AvailabilitySensors> {
  clock?: Clock;
  sensorEveryMs?: number;
  /** Runs `nvidia-smi -pl` (tests record the calls). */
  runNvidiaSmi?: RunTool;
}

interface Parts extends IslandAvailabilityOptions {
  config: IslandConfig;
  gpu: GpuProbe;
  gpuOffer: GpuOffer;
  log: Logger;
  onChange: () => void;
}

export function islandAvailability(target: AvailabilityTarget, p: Parts): AvailabilityController {
  const uuidOf = (index: number) => p.gpuOffer.gpus.find((g) => g.index === index)?.uuid ?? null;
  const gpus = async (): Promise<GpuReading[] | null> => {
    const metrics = await p.gpu.metrics();
    return metrics?.map((g) => ({ index: g.index, uuid: uuidOf(g.index), temperatureC: g.temperature_c })) ?? null;
  };
  const cap = p.runNvidiaSmi ? new PowerCap(p.runNvidiaSmi, p.log) : new PowerCap(defaultRun, p.log);
  const offeredIndexes = async () => (p.gpuOffer.everything ? ((await p.gpu.metrics()) ?? []).map((g) => g.index) : [...p.gpuOffer.offered]);
  return new AvailabilityController({
    target,
    policy: policyFromConfig(p.config.availability, p.config.workload),
    sensors: {
      gpus: p.gpus ?? gpus,
      idle: p.idle ?? NO_IDLE_SOURCE,
      listProcesses: p.listProcesses ?? processLister(),
      fullscreen: p.fullscreen ?? fullscreenSensor({ log: p.log, ...(p.clock ? { clock: p.clock } : {}) }),
    },
    log: p.log,
    ...(p.clock ? { clock: p.clock } : {}),
    ...(p.sensorEveryMs !== undefined ? { sensorEveryMs: p.sensorEveryMs } : {}),
    powerCap: async (watts) => {
      if (watts !== null) await cap.apply(await offeredIndexes(), watts);
    },
    onChange: p.onChange,
  });
}

function defaultRun(file: string, args: readonly string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(file, args, { timeout: 10_000, windowsHide: true }, (err, stdout, stderr) => (err ? reject(Object.assign(err, { stderr })) : resolve(stdout)));
  });
}
