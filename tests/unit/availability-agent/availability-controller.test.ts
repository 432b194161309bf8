import { describe, expect, it } from 'vitest';
import type { AvailabilityPolicy, GpuReading } from '../../../src-shared/domain/availability/index';
import { AvailabilityController, type AvailabilityTarget } from '../../../src-main/agent/availability/availability-controller';
import { NO_IDLE_SOURCE, PushedIdleSource } from '../../../src-main/agent/availability/idle-source';
import { createTestLogger } from '../../helpers/test-logger';
import { policy } from '../availability/fixtures';
import { FakeClock, flush } from './fake-clock';

const MIN = 60_000;
// Wednesday 2026-11-18 12:00 UTC.
const NOON = Date.UTC(2026, 10, 18, 12, 0);

class FakeIsland implements AvailabilityTarget {
  calls: string[] = [];
  running = ['job-1', 'job-2'];
  pause(reason: string): void {
    this.calls.push(`pause: ${reason}`);
  }
  resume(): void {
    this.calls.push('resume');
  }
  cancelRunning(reason: string): string[] {
    this.calls.push(`cancel: ${reason}`);
    return this.running;
  }
  async unloadModels(): Promise<void> {
    this.calls.push('unload');
  }
}

function setUp(p: AvailabilityPolicy, sensors: { temps?: number[]; processes?: string[][]; idle?: PushedIdleSource } = {}) {
  const clock = new FakeClock(NOON);
  const island = new FakeIsland();
  const counts = { gpus: 0, processes: 0 };
  const temps = [...(sensors.temps ?? [])];
  const procs = [...(sensors.processes ?? [])];
  const caps: Array<number | null> = [];
  const controller = new AvailabilityController({
    target: island,
    policy: p,
    log: createTestLogger(),
    clock,
    sensorEveryMs: 10_000,
    sensors: {
      gpus: async (): Promise<GpuReading[]> => {
        counts.gpus++;
        const t = temps.length > 1 ? temps.shift()! : (temps[0] ?? 40);
        return [{ index: 0, uuid: 'GPU-a', temperatureC: t }];
      },
      listProcesses: async () => {
        counts.processes++;
        return procs.length > 1 ? procs.shift()! : (procs[0] ?? []);
      },
      idle: sensors.idle ?? NO_IDLE_SOURCE,
      fullscreen: () => null,
    },
    powerCap: async (w) => {
      caps.push(w);
    },
  });
  return { clock, island, controller, counts, caps };
}

describe('AvailabilityController', () => {
  it('an always-online policy resumes once and arms no timer at all (nothing to poll, nothing due)', async () => {
    const { clock, island, controller, counts } = setUp(policy());
    controller.start();
    await flush();
    expect(island.calls).toEqual(['resume']);
    expect(clock.pending()).toEqual([]);
    await clock.advance(24 * 60 * MIN);
    expect(island.calls).toEqual(['resume']);
    expect(counts).toEqual({ gpus: 0, processes: 0 });
    expect(controller.status().decision.available).toBe(true);
  });

  it('a timed pause pauses at once, arms one timer at its end, and resumes by itself then', async () => {
    const until = NOON + 30 * MIN;
    const { clock, island, controller } = setUp(policy({ manual: { kind: 'paused_until', until } }));
    controller.start();
    expect(island.calls).toHaveLength(1);
    expect(island.calls[0]).toMatch(/^pause: Paused by you until/);
    expect(clock.pending()).toEqual([until]);
    expect(controller.status().decision.countdownMs).toBe(30 * MIN);
    await clock.advance(30 * MIN - 1);
    expect(island.calls).toHaveLength(1);
    await clock.advance(1);
    expect(island.calls[1]).toBe('resume');
    expect(clock.pending()).toEqual([]);
  });

  it('a schedule re-arms the timer at each window edge (nextCheckAt), never in between', async () => {
    // Wednesdays 12:30–13:00 UTC: closed now, opens in 30 min, closes 30 min later.
    const { clock, island, controller } = setUp(policy({ schedule: { kind: 'windows', windows: [{ days: ['wed'], start: 12 * 60 + 30, end: 13 * 60 }] } }));
    controller.start();
    expect(island.calls[0]).toMatch(/^pause: Outside your schedule/);
    expect(clock.pending()).toEqual([NOON + 30 * MIN]);
    await clock.advance(30 * MIN);
    expect(island.calls[1]).toBe('resume');
    expect(clock.pending()).toEqual([NOON + 60 * MIN]);
    await clock.advance(30 * MIN);
    expect(island.calls[2]).toMatch(/^pause: Outside your schedule/);
    expect(island.calls).toHaveLength(3);
  });

  it('thermal guard: pauses at the limit, stays paused in the hysteresis band, resumes below the resume line', async () => {
    const { clock, island, controller, counts } = setUp(policy({ thermal: { gpu: { pauseAtC: 85, resumeBelowC: 78 }, cpu: null } }), { temps: [70, 88, 84, 80, 77] });
    controller.start();
    await flush();
    expect(island.calls).toEqual(['resume']);
    expect(clock.pending()).toEqual([NOON + 10_000]); // the next temperature reading, nothing else
    await clock.advance(10_000);
    expect(island.calls[1]).toMatch(/^pause: GPU 0 at 88 °C/);
    await clock.advance(20_000); // 84, 80: still above the resume line; only the reason's reading changes
    expect(island.calls.slice(2)).toEqual([expect.stringMatching(/^pause: GPU 0 at 84 °C/), expect.stringMatching(/^pause: GPU 0 at 80 °C/)]);
    await clock.advance(10_000); // 77
    expect(island.calls.at(-1)).toBe('resume');
    expect(island.calls.filter((c) => c === 'resume')).toHaveLength(2);
    expect(counts.gpus).toBe(5);
    expect(counts.processes).toBe(0); // game mode is off: no process scan
  });

  it('on_pause = "cancel" cancels running jobs with the reason, and unload_models_on_pause unloads models', async () => {
    const { island, controller } = setUp(policy({ onPause: { runningJobs: 'cancel', unloadModels: true } }));
    controller.start();
    controller.setManual({ kind: 'paused' });
    await flush();
    expect(island.calls).toEqual(['resume', 'pause: Paused by you', "cancel: Cancelled by the owner's availability policy: Paused by you", 'unload']);
  });

  it('on_pause = "finish" leaves running jobs alone', () => {
    const { island, controller } = setUp(policy());
    controller.start();
    controller.setManual({ kind: 'paused' });
    controller.setManual({ kind: 'online' });
    expect(island.calls).toEqual(['resume', 'pause: Paused by you', 'resume']);
  });

  it('game mode scans processes only while it is on, pauses while a listed one runs, and resumes after', async () => {
    const { clock, island, controller, counts } = setUp(policy(), { processes: [['bash'], ['bash', 'eldenring'], ['bash']] });
    controller.start();
    await clock.advance(60_000);
    expect(counts.processes).toBe(0);
    controller.setPolicy(policy({ game: { kind: 'on', processes: ['EldenRing.exe'], pauseOnFullscreen: false } }));
    await flush();
    expect(counts.processes).toBe(1);
    await clock.advance(10_000);
    expect(island.calls.at(-1)).toMatch(/^pause: .*eldenring/i);
    await clock.advance(10_000);
    expect(island.calls.at(-1)).toBe('resume');
    controller.setPolicy(policy());
    const before = counts.processes;
    await clock.advance(60_000);
    expect(counts.processes).toBe(before);
  });

  it('idle-only without an idle source says it needs the desktop app, and does not pretend to be idle', async () => {
    const { island, controller } = setUp(policy({ idle: { kind: 'after', minutes: 10 } }));
    controller.start();
    await flush();
    expect(island.calls.at(-1)).toBe('pause: Idle-only mode needs the desktop app to know when the computer is idle; a headless Island cannot tell, so it takes no jobs');
    expect(controller.status().decision.available).toBe(false);
  });

  it('idle-only with the desktop idle time: counts down, goes online after N minutes, stops when the owner returns', async () => {
    const clock0 = NOON;
    let now = clock0;
    const idle = new PushedIdleSource(() => now);
    const { clock, island, controller } = setUp(policy({ idle: { kind: 'after', minutes: 10 } }), { idle });
    idle.push(0);
    controller.start();
    await flush();
    expect(island.calls.at(-1)).toMatch(/^pause: You're using the computer \(idle for 0 of 10 min\)/);
    expect(controller.status().decision.countdownMs).toBe(10 * MIN);
    // The desktop reports the growing idle time every 10 s.
    for (let i = 1; i <= 60; i++) {
      now += 10_000;
      idle.push(i * 10);
      await clock.advance(10_000);
      if (i === 30) expect(controller.status().decision.countdownMs).toBe(5 * MIN);
    }
    expect(island.calls.at(-1)).toBe('resume');
    idle.push(1); // the owner touched the mouse
    now += 10_000;
    await clock.advance(10_000);
    expect(island.calls.at(-1)).toMatch(/^pause: You're using the computer/);
  });

  it('applies the power cap while available, and stop() disarms every timer', async () => {
    const { clock, controller, caps } = setUp(policy({ powerLimitW: 250, thermal: { gpu: { pauseAtC: 90, resumeBelowC: 80 }, cpu: null } }));
    controller.start();
    await flush();
    expect(caps).toContain(250);
    expect(clock.pending().length).toBe(1);
    controller.stop();
    expect(clock.pending()).toEqual([]);
  });
});
