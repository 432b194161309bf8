// config.toml's [availability] (plus [workload] gpu_devices and the cache sizes) → the policy.
// The schema has already checked every value; this only gives them their meaning.
import type { IslandConfig } from '../../config/schema';
import { parseWallMinute } from './wall-minute';
import type { AvailabilityPolicy, GpuSelection, ManualRule, ScheduleWindow, ThermalLimit } from './types';

export type AvailabilityConfig = IslandConfig['availability'];
export type WorkloadGpuConfig = Pick<IslandConfig['workload'], 'gpu_devices' | 'resource_limits'>;
/** `[cache] max_cache_gb` and `[model_cache] max_cache_gb`: the disk the caches may take, together. */
export interface CacheLimits {
  readonly imageCacheGb: number;
  readonly modelCacheGb: number;
}

/** With only a pause line set, resume this far below it: enough that one warm minute cannot flap. */
export const DEFAULT_THERMAL_HYSTERESIS_C = 10;

function manualRule(a: AvailabilityConfig): ManualRule {
  if (a.mode === 'online') return { kind: 'online' };
  // paused_until means something only in a pause; with mode = "online" an old value is ignored.
  if (a.paused_until !== undefined) return { kind: 'paused_until', until: Date.parse(a.paused_until.replace(' ', 'T')) };
  return { kind: 'paused' };
}

function window(w: AvailabilityConfig['schedule'][number]): ScheduleWindow {
  return { days: w.days, start: parseWallMinute(w.start) ?? 0, end: parseWallMinute(w.end, true) ?? 1440 };
}

function limit(pause: number | undefined, resume: number | undefined): ThermalLimit | null {
  if (pause === undefined) return null;
  return { pauseAtC: pause, resumeBelowC: resume ?? pause - DEFAULT_THERMAL_HYSTERESIS_C };
}

// `[workload] gpu_devices`: unset offers every GPU (as the dashboard's hardware view reads it),
// ["all"] too, an empty list none, otherwise the listed indexes or UUIDs.
function gpuSelection(devices: readonly string[] | undefined, except: readonly string[]): GpuSelection {
  if (devices === undefined || devices.some((d) => d.trim().toLowerCase() === 'all')) return { kind: 'all', except };
  return { kind: 'only', ids: devices, except };
}

export function policyFromConfig(availability: AvailabilityConfig, workload: WorkloadGpuConfig, caches?: CacheLimits): AvailabilityPolicy {
  const a = availability;
  return {
    manual: manualRule(a),
    schedule: a.schedule.length === 0 ? { kind: 'always' } : { kind: 'windows', windows: a.schedule.map(window) },
    timeZone: a.timezone === undefined ? { kind: 'system' } : { kind: 'named', name: a.timezone },
    idle: a.idle_only ? { kind: 'after', minutes: a.idle_minutes } : { kind: 'off' },
    game: a.game_mode ? { kind: 'on', processes: a.game_processes, pauseOnFullscreen: a.pause_on_fullscreen } : { kind: 'off' },
    thermal: { gpu: limit(a.thermal_pause_c, a.thermal_resume_c), cpu: limit(a.cpu_thermal_pause_c, a.cpu_thermal_resume_c) },
    gpus: gpuSelection(workload.gpu_devices, a.exclude_gpus),
    powerLimitW: a.power_limit_w ?? null,
    caps: {
      cpuPercent: workload.resource_limits.cpu_percent ?? null,
      memoryMb: workload.resource_limits.memory_mb,
      cacheDiskGb: caches ? caches.imageCacheGb + caches.modelCacheGb : null,
    },
    onPause: { runningJobs: a.on_pause, unloadModels: a.unload_models_on_pause },
  };
}
