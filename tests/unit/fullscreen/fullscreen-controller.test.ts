// Game mode end to end in the agent: the real full-screen sensor (over a fake xprop) feeding the
// real controller and policy engine, on a fake clock.
import { describe, expect, it } from 'vitest';
import type { AvailabilityPolicy } from '../../../src-shared/domain/availability/index';
import { AvailabilityController, type AvailabilityTarget } from '../../../src-main/agent/availability/availability-controller';
import { fullscreenSensor } from '../../../src-main/agent/availability/fullscreen-sensor';
import { NO_IDLE_SOURCE } from '../../../src-main/agent/availability/idle-source';
import { createTestLogger } from '../../helpers/test-logger';
import { policy } from '../availability/fixtures';
import { FakeClock } from '../availability-agent/fake-clock';
import { FakeXprop, X11_ENV } from './fake-xprop';

const NOON = Date.UTC(2026, 10, 18, 12, 0);

/** The sensor's look is a longer promise chain than FakeClock's microtask flush: drain them all. */
const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

async function advance(clock: FakeClock, ms: number): Promise<void> {
  await clock.advance(ms);
  await settle();
}

function gamePolicy(pauseOnFullscreen: boolean): AvailabilityPolicy {
  return policy({ game: { kind: 'on', processes: [], pauseOnFullscreen } });
}

function setUp(p: AvailabilityPolicy, xprop: FakeXprop) {
  const clock = new FakeClock(NOON);
  const calls: string[] = [];
  const target: AvailabilityTarget = {
    pause: (reason) => calls.push(`pause: ${reason}`),
    resume: () => calls.push('resume'),
    cancelRunning: () => [],
    unloadModels: async () => undefined,
  };
  const log = createTestLogger();
  const controller = new AvailabilityController({
    target,
    policy: p,
    log,
    clock,
    sensorEveryMs: 10_000,
    sensors: {
      gpus: async () => [],
      listProcesses: async () => [],
      idle: NO_IDLE_SOURCE,
      fullscreen: fullscreenSensor({ log, clock, platform: 'linux', env: X11_ENV, run: xprop.run }),
    },
  });
  return { clock, calls, controller };
}

describe('game mode with pause_on_fullscreen', () => {
  it('a full-screen app pauses with the game rule reason, and the Island resumes by itself when it ends', async () => {
    const xprop = new FakeXprop('windowed');
    const { clock, calls, controller } = setUp(gamePolicy(true), xprop);
    controller.start();
    await settle();
    expect(calls).toEqual(['resume']);

    xprop.screen = 'fullscreen';
    await advance(clock, 10_000);
    expect(calls).toEqual(['resume', 'pause: A full-screen app is in front']);
    expect(controller.status().decision).toMatchObject({ available: false, decidedBy: 'game', reason: { code: 'fullscreen_app' } });

    // Still full screen: no second pause.
    await advance(clock, 10_000);
    expect(calls).toHaveLength(2);

    xprop.screen = 'windowed';
    await advance(clock, 10_000);
    expect(calls).toEqual(['resume', 'pause: A full-screen app is in front', 'resume']);
    expect(controller.status().decision.available).toBe(true);
    controller.stop();
  });

  it('a full-screen look that cannot be made (xprop missing) never pauses', async () => {
    const xprop = new FakeXprop('missing-binary');
    const { clock, calls, controller } = setUp(gamePolicy(true), xprop);
    controller.start();
    await advance(clock, 60_000);
    expect(calls).toEqual(['resume']);
    expect(xprop.calls).toHaveLength(1);
    controller.stop();
  });

  it('with pause_on_fullscreen off the sensor is never run; turning it on starts the looks', async () => {
    const xprop = new FakeXprop('fullscreen');
    const { clock, calls, controller } = setUp(gamePolicy(false), xprop);
    controller.start();
    await advance(clock, 60_000);
    expect(xprop.calls).toEqual([]);
    expect(calls).toEqual(['resume']);

    controller.setPolicy(gamePolicy(true));
    await settle();
    expect(xprop.calls.length).toBeGreaterThan(0);
    expect(calls).toEqual(['resume', 'pause: A full-screen app is in front']);
    controller.stop();
  });
});
