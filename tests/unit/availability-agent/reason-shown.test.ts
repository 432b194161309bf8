// The policy's reason reaches the owner: the dashboard's StatusView carries the decision's words,
// rule and countdown; the tray's status line names the rule that paused the Island.
import { describe, expect, it } from 'vitest';
import type { AvailabilityDecision } from '../../../src-shared/domain/availability/index';
import { availabilityView } from '../../../src-main/agent/api/status-view';
import type { IslandSnapshot } from '../../../src-main/agent/island-snapshot';
import { trayStatus } from '../../../src-main/desktop/tray/tray-view';
import { statusView } from '../desktop/fakes/status';

const decision = {
  available: false,
  reason: { code: 'too_hot', text: 'GPU 0 at 91 °C (resumes below 75 °C)' },
  decidedBy: 'thermal',
  nextCheckAt: null,
  countdownMs: null,
} as unknown as AvailabilityDecision;

function snapshot(over: Partial<IslandSnapshot>): IslandSnapshot {
  return {
    phase: 'paused',
    link: { type: 'connected', server: 'nats://127.0.0.1:4222' },
    supportedRuntimes: [],
    runtimes: [],
    paused: true,
    ...over,
  } as IslandSnapshot;
}

describe('the availability reason', () => {
  it('StatusView.availability says why, which rule decided, and when it may change', () => {
    const v = availabilityView(snapshot({ pauseReason: decision.reason.text, availability: { policy: {} as never, decision, since: 0 } }), null);
    expect(v).toEqual({ mode: 'paused', pausedUntil: null, takingJobs: false, reason: 'GPU 0 at 91 °C (resumes below 75 °C)', decidedBy: 'thermal', nextChangeAt: null, countdownMs: null });
    const timed = { ...decision, reason: { code: 'paused_until', text: 'Paused by you until 14:30' }, decidedBy: 'manual', nextCheckAt: 5_000, countdownMs: 4_000 } as unknown as AvailabilityDecision;
    expect(availabilityView(snapshot({ pauseReason: 'Paused by you until 14:30', availability: { policy: {} as never, decision: timed, since: 0 } }), 5_000)).toMatchObject({
      reason: 'Paused by you until 14:30',
      pausedUntil: 5_000,
      nextChangeAt: 5_000,
      countdownMs: 4_000,
    });
  });

  it('the tray names a policy pause; a pause by the owner reads as before', () => {
    const base = { agent: { type: 'running', since: 0, ready: true, restarts: 0 } as const, quit: { type: 'running' } as const, update: { type: 'idle' } as const, launchAtLogin: false, now: 0 };
    const hot = statusView({ phase: 'paused', mode: 'paused', reason: 'GPU 0 at 91 °C (resumes below 75 °C)' });
    hot.availability.decidedBy = 'thermal';
    expect(trayStatus({ ...base, status: hot })).toEqual({ icon: 'paused', line: 'Paused: GPU 0 at 91 °C (resumes below 75 °C)' });
    const mine = statusView({ phase: 'paused', mode: 'paused', reason: 'Paused by you' });
    mine.availability.decidedBy = 'manual';
    expect(trayStatus({ ...base, status: mine })).toEqual({ icon: 'paused', line: 'Paused' });
  });
});
