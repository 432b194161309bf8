// The agent side of alerts: fed snapshots and job events like the Island feeds it, with a fake
// clock; each alert is logged and emitted once per episode, and the only timer is the rules' next check.
import { describe, expect, it } from 'vitest';
import type { Alert } from '../../../src-shared/domain/alerts/index';
import { AlertMonitor } from '../../../src-main/agent/alerts/alert-monitor';
import { pricesAboveMarket } from '../../../src-main/agent/alerts/market-hints';
import type { IslandSnapshot } from '../../../src-main/agent/island-snapshot';
import type { JobEvent } from '../../../src-main/agent/jobs/job-engine';
import type { AssignJob } from '../../../src-shared/protocol/messages';
import { createTestLogger } from '../../helpers/test-logger';
import { FakeClock, flush } from '../availability-agent/fake-clock';

const T0 = Date.UTC(2026, 10, 18, 12);
const GIB = 1024 ** 3;

function snap(link: 'connected' | 'disconnected', over: Partial<IslandSnapshot> = {}): IslandSnapshot {
  return {
    phase: link === 'connected' ? 'online' : 'disconnected',
    link: link === 'connected' ? { type: 'connected', server: 'nats://127.0.0.1:4222' } : { type: 'disconnected', server: 'nats://127.0.0.1:4222' },
    supportedRuntimes: ['wasm'],
    runtimes: [{ type: 'wasm', availability: { available: true } }],
    ...over,
  } as IslandSnapshot;
}

const job = { job_id: 'j', runtime_type: 'wasm' } as AssignJob;
const finished = (state: 'failed' | 'succeeded' | 'cancelled', error?: string): JobEvent => ({ type: 'finished', job, at: T0, finish: { state, tokens: 0, durationMs: 1, ...(error ? { error } : {}) } });

function setUp(disk = { freeBytes: 500 * GIB, totalBytes: 1000 * GIB }) {
  const clock = new FakeClock(T0);
  const log = createTestLogger();
  const alerts: Alert[] = [];
  let diskNow = disk;
  const monitor = new AlertMonitor({
    log,
    emit: (a) => alerts.push(a),
    clock,
    thresholds: { offlineAfterMs: 60_000 },
    diskEveryMs: 600_000,
    sources: { disk: async () => diskNow },
  });
  monitor.start();
  return { clock, log, alerts, monitor, setDisk: (d: typeof disk) => (diskNow = d) };
}

describe('AlertMonitor', () => {
  it('went offline: one alert after the threshold from a timer at exactly that time, none for a short blip', async () => {
    const { clock, alerts, monitor, log } = setUp();
    await flush();
    monitor.observe(snap('disconnected'));
    expect(clock.pending()).toContain(T0 + 60_000);
    await clock.advance(30_000);
    monitor.observe(snap('connected')); // a blip: back within the threshold
    await clock.advance(60_000);
    expect(alerts).toEqual([]);
    monitor.observe(snap('disconnected'));
    monitor.observe(snap('disconnected')); // repeated snapshots are the same outage
    await clock.advance(60_000);
    expect(alerts.map((a) => a.kind)).toEqual(['offline']);
    await clock.advance(600_000);
    expect(alerts).toHaveLength(1);
    expect(log.messages('warn')[0]).toMatch(/^Island went offline: The coordinator has been unreachable/);
  });

  it('a streak of 3 failed jobs alerts once; a success ends the episode', () => {
    const { alerts, monitor } = setUp();
    for (const e of [finished('failed', 'x'), finished('failed', 'y'), finished('cancelled'), finished('failed', 'image not allowed'), finished('failed', 'z')]) monitor.job(e);
    expect(alerts.map((a) => a.kind)).toEqual(['failed-streak']);
    expect(alerts[0]!.message).toContain('image not allowed');
    monitor.job(finished('succeeded'));
    for (let i = 0; i < 3; i++) monitor.job(finished('failed', 'again'));
    expect(alerts.map((a) => a.kind)).toEqual(['failed-streak', 'failed-streak']);
  });

  it('no jobs for 2 h while online, with the market hint asked for only when it is due', async () => {
    const { clock, alerts, monitor } = setUp();
    let asked = 0;
    monitor.setSources({
      market: async () => {
        asked++;
        return { pricesAboveMarket: [{ slug: 'llm-chat', asking: 3, market: 1 }], karma: null };
      },
    });
    monitor.observe(snap('connected'));
    await clock.advance(3_600_000);
    monitor.job({ type: 'started', job, at: clock.now() });
    await clock.advance(3_600_000);
    expect(alerts).toEqual([]);
    expect(asked).toBe(0);
    await clock.advance(3_600_000);
    expect(alerts.map((a) => a.kind)).toEqual(['no-jobs']);
    expect(alerts[0]!.message).toContain('llm-chat asks 3 vs market 1');
    expect(asked).toBe(1);
  });

  it('disk low from statfs readings every interval, once per episode', async () => {
    const { clock, alerts, setDisk } = setUp({ freeBytes: 2 * GIB, totalBytes: 100 * GIB });
    await flush();
    expect(alerts.map((a) => a.kind)).toEqual(['disk-low']);
    await clock.advance(600_000);
    expect(alerts).toHaveLength(1);
    setDisk({ freeBytes: 50 * GIB, totalBytes: 100 * GIB });
    await clock.advance(600_000);
    setDisk({ freeBytes: 1 * GIB, totalBytes: 100 * GIB });
    await clock.advance(600_000);
    expect(alerts.map((a) => a.kind)).toEqual(['disk-low', 'disk-low']);
  });

  it('update ready: once per version from the update source', () => {
    const { alerts, monitor } = setUp();
    let update: { version: string; critical: boolean } | null = null;
    monitor.setSources({ update: () => update });
    update = { version: '0.6.0', critical: false };
    monitor.observe(snap('connected'));
    monitor.observe(snap('connected'));
    expect(alerts.map((a) => `${a.kind} ${a.title}`)).toEqual(['update-ready Update ready']);
  });

  it('stop() leaves no timer behind', async () => {
    const { clock, monitor } = setUp();
    await flush();
    monitor.observe(snap('disconnected'));
    monitor.stop();
    expect(clock.pending()).toEqual([]);
  });
});

describe('pricesAboveMarket', () => {
  it('compares each Cargo\'s own price, else the default, with the clearing price', () => {
    const rates = new Map([
      ['llm-chat', 1.5],
      ['sdxl', 4],
      ['whisper', 0.5],
    ]);
    expect(pricesAboveMarket({ default_price: '1.0', workloads: { 'llm-chat': '2.0' } }, { rates, unavailable: null })).toEqual([
      { slug: 'llm-chat', asking: 2, market: 1.5 },
      { slug: 'whisper', asking: 1, market: 0.5 },
    ]);
  });
});
