// The availability policy's sensors, read only while a rule needs them: GPU temperatures (the
// thermal guard), running processes (game mode), OS idle time (idle-only). Each read is async
// and cheap; a sensor that fails reads as unknown rather than as a made-up value.
import type { AvailabilityPolicy, AvailabilityReadings, GpuReading, IdleReading, ProcessReading } from '../../../src-shared/domain/availability/index';
import { errorMessage } from '../../../src-shared/errors';
import type { Logger } from '../log/logger';
import type { IdleSource } from './idle-source';
import type { ListProcesses } from './process-list';

export interface AvailabilitySensors {
  /** Every GPU with its temperature; null when nvidia-smi is absent or failed. */
  gpus: () => Promise<GpuReading[] | null>;
  idle: IdleSource;
  listProcesses: ListProcesses;
  /** Whether a full-screen app is in front; null where this cannot be told (see fullscreen-sensor.ts). */
  fullscreen: () => Promise<boolean | null> | boolean | null;
}

export interface SensorNeeds {
  gpus: boolean;
  processes: boolean;
  idle: boolean;
  fullscreen: boolean;
}

export function sensorNeeds(p: AvailabilityPolicy): SensorNeeds {
  return {
    gpus: p.thermal.gpu !== null || p.powerLimitW !== null,
    processes: p.game.kind === 'on' && p.game.processes.length > 0,
    idle: p.idle.kind === 'after',
    fullscreen: p.game.kind === 'on' && p.game.pauseOnFullscreen,
  };
}

export function anyNeeded(n: SensorNeeds): boolean {
  return n.gpus || n.processes || n.idle || n.fullscreen;
}

/** Reads what `needs` asks for; the rest keeps its previous value (or unknown). */
export async function readSensors(s: AvailabilitySensors, needs: SensorNeeds, previous: AvailabilityReadings, now: number, log: Logger): Promise<AvailabilityReadings> {
  const [gpus, processes, fullscreen] = await Promise.all([
    needs.gpus ? s.gpus().catch((err: unknown) => failed(log, 'GPU temperatures', err)) : Promise.resolve(undefined),
    needs.processes ? s.listProcesses().catch((err: unknown) => failed(log, 'running processes', err)) : Promise.resolve(undefined),
    needs.fullscreen ? Promise.resolve().then(s.fullscreen).catch((err: unknown) => failed(log, 'the full-screen app', err)) : Promise.resolve(null),
  ]);
  const processReading: ProcessReading = processes === undefined ? previous.processes : processes === null ? { kind: 'unknown' } : { kind: 'listed', names: processes };
  return {
    idle: needs.idle ? idleReading(s.idle, now) : previous.idle,
    processes: needs.processes ? processReading : { kind: 'unknown' },
    fullscreen,
    gpus: gpus === undefined ? previous.gpus : (gpus ?? []),
    cpuTemperatureC: null,
  };
}

function idleReading(source: IdleSource, now: number): IdleReading {
  const seconds = source.idleSeconds();
  return seconds === null ? { kind: 'unknown' } : { kind: 'measured', idleSeconds: Math.floor(seconds), sampledAt: now };
}

function failed(log: Logger, what: string, err: unknown): null {
  log.debug(`could not read ${what}`, { error: errorMessage(err) });
  return null;
}
