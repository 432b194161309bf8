// The coordinator's rules without NATS: a manual clock makes minutes, leases and snapshots pass.
import { describe, expect, it } from 'vitest';
import type { EnhancedHeartbeat } from '../../../src-shared/protocol/messages';
import { manualClock } from '../../harness/coordinator/clock';
import { CoordinatorCore, coreConfig } from '../../harness/coordinator/core';
import type { Origin } from '../../harness/coordinator/job-book';

const MIN = 60_000;

function setup(opts: Parameters<typeof coreConfig>[0] = {}) {
  const clock = manualClock();
  const core = new CoordinatorCore(coreConfig(opts, clock));
  const from = (hostId: string, suffix = 'status'): Origin => ({ subject: `host.${hostId}.${suffix}`, hostId, raw: '{}', at: clock.now() });
  const heartbeat = (hostId: string, extra: Partial<EnhancedHeartbeat> = {}): void =>
    core.heartbeat({ host_id: hostId, status: 'online', active_jobs: 0, timestamp: clock.now(), agent_version: '0.5.0', ...extra }, from(hostId, 'heartbeat'));
  const job = (hostId: string, jobId: string, slug = 'llm-chat', leaseMs = MIN): void =>
    core.addJob({ jobId, hostId, workloadSlug: slug, assignment: null, published: '{}', dispatchedAt: clock.now(), leaseExpiresAt: clock.now() + leaseMs }, undefined);
  const status = (hostId: string, jobId: string, state: string, error?: string): void =>
    core.status({ job_id: jobId, state: state as 'started', timestamp: clock.now(), ...(error ? { error } : {}) }, from(hostId));
  return { clock, core, heartbeat, job, status, from };
}

describe('karma from job outcomes', () => {
  it('credits a 40-minute job as 1 karma (recovery multiplier) at real time scale', () => {
    const { clock, core, heartbeat, job, status } = setup();
    heartbeat('h');
    job('h', 'j1', 'llm-chat', 2 * 3_600_000);
    status('h', 'j1', 'started');
    clock.advance(40 * MIN);
    status('h', 'j1', 'succeeded');
    expect(core.karmaResponse('h')).toMatchObject({ karma: 1, pending_minutes: 0, completed_jobs: 1, success_rate: 1 });
    expect(core.hosts.karmaHistory('h').at(-1)?.reason).toMatch(/job j1 succeeded: \+1 \(60 effective minutes\)/);
    expect(core.violations).toEqual([]);
  });

  it('scales job time with minutesPerJobMs', () => {
    const { clock, core, heartbeat, job, status } = setup({ minutesPerJobMs: 1 });
    heartbeat('h');
    job('h', 'j1');
    status('h', 'j1', 'started');
    clock.advance(25);
    status('h', 'j1', 'succeeded');
    expect(core.karmaResponse('h')).toMatchObject({ karma: 0, pending_minutes: 37 });
  });

  it('charges 1 for a failure, 2 for a "Timeout:" failure and nothing for a cancel', () => {
    const { core, heartbeat, job, status } = setup();
    heartbeat('h');
    core.hosts.creditSuccess('h', 10 * 60, 'seed', 0); // 10 h → 15 karma
    expect(core.karmaResponse('h')?.karma).toBe(15);
    for (const [id, end, err] of [['a', 'failed', 'Exit code: 1'], ['b', 'failed', 'Timeout: job exceeded 300s limit'], ['c', 'cancelled', undefined]] as const) {
      job('h', id);
      status('h', id, 'started');
      status('h', id, end, err);
    }
    expect(core.karmaResponse('h')).toMatchObject({ karma: 12, failed_jobs: 2 });
  });

  it('charges 2 when a lease expires, once, and a renewal pushes the deadline', () => {
    const { clock, core, heartbeat, job, status, from } = setup();
    heartbeat('h');
    core.hosts.creditSuccess('h', 300, 'seed', 0);
    job('h', 'renewed');
    job('h', 'silent');
    status('h', 'renewed', 'started');
    status('h', 'silent', 'started');
    clock.advance(30_000);
    core.lease({ job_id: 'renewed', extend_seconds: 60 }, from('h', 'lease'));
    clock.advance(45_000);
    core.tick();
    core.tick();
    expect(core.jobs.view('silent')?.leaseExpired).toBe(true);
    expect(core.jobs.view('renewed')?.leaseExpired).toBe(false);
    expect(core.karmaResponse('h')?.karma).toBe(5);
    // The Island finishing late is recorded but earns nothing: the job was requeued.
    status('h', 'silent', 'succeeded');
    expect(core.karmaResponse('h')).toMatchObject({ karma: 5, completed_jobs: 1 });
  });
});

describe('online and network stats', () => {
  it('goes offline after 3 missed heartbeats', () => {
    const { clock, core, heartbeat } = setup({ heartbeatIntervalMs: 1000 });
    core.register({ host_id: 'h', capabilities: { gpu_model: null, gpu_vram_mb: null, cpu_cores: 4, ram_mb: 8192, region: 'eu-west' }, version: '0.5.0' }, { subject: 'coordinator.hosts.register', hostId: 'h', raw: '', at: 0 });
    expect(core.networkStats().online_islands).toBe(0); // registered but no heartbeat yet
    heartbeat('h');
    clock.advance(2999);
    expect(core.networkStats()).toEqual({ online_islands: 1, regions: 1, jobs_completed: 0 });
    clock.advance(1);
    expect(core.networkStats().online_islands).toBe(0);
  });
});

describe('market', () => {
  it('clears at the ask, averages recent clearings, and surges on queued demand', () => {
    const { clock, core, heartbeat, job } = setup({ surgeHoldMs: 30_000 });
    heartbeat('a', { asking_prices: { 'llm-chat': '2.0', _default: '1.0' } });
    heartbeat('b', { asking_prices: { _default: '4.0' } });
    job('a', 'j1');
    job('b', 'j2');
    job('b', 'j3', 'image-gen');
    expect(core.jobs.view('j1')).toMatchObject({ clearingPrice: 2, priceSource: 'workload', bid: 2 });
    expect(core.jobs.view('j2')).toMatchObject({ clearingPrice: 4, priceSource: 'island_default' });
    const chat = core.marketRate('llm-chat');
    expect(chat).toMatchObject({ clearing_price: 3, avg_ask: 3, avg_bid: 3, active_supply: 2, active_demand: 2, jobs_cleared: 2, surge_multiplier: 1 });

    core.market.setQueued('llm-chat', 10); // 12 queued > 2 × 2 free Islands
    expect(core.marketRate('llm-chat')).toMatchObject({ clearing_price: 3.75, surge_multiplier: 1.25, active_demand: 12 });
    // The surge is held 30 s even if demand drops behind its back...
    core.jobs.status({ job_id: 'j1', state: 'started', timestamp: 0 }, { subject: 'host.a.status', hostId: 'a', raw: '', at: clock.now() });
    expect(core.marketRate('llm-chat')?.surge_multiplier).toBe(1.25);
    clock.advance(30_000);
    heartbeat('a');
    heartbeat('b');
    expect(core.marketRate('llm-chat')?.surge_multiplier).toBe(1.25); // still 11 queued
    core.market.setQueued('llm-chat', 0);
    expect(core.marketRate('llm-chat')?.surge_multiplier).toBe(1);
  });

  it('lists Cargo defaults and falls back to the last clearing once the window passes', () => {
    const { clock, core, heartbeat, job } = setup({ cargoPrices: { 'image-gen': 3 }, rateWindowMs: MIN });
    expect(core.marketRates().map((r) => [r.workload_slug, r.clearing_price])).toEqual([['image-gen', 3]]);
    heartbeat('a', { asking_prices: { 'image-gen': '5.0' } });
    job('a', 'j1', 'image-gen');
    clock.advance(2 * MIN);
    // Island 'a' is offline now, and its unstarted job is demand without capacity: a surge.
    expect(core.marketRate('image-gen')).toMatchObject({ clearing_price: 6.25, jobs_cleared: 0, avg_bid: null, active_supply: 0 });
    heartbeat('a');
    clock.advance(30_000); // past the surge hold
    heartbeat('a');
    expect(core.marketRate('image-gen')).toMatchObject({ clearing_price: 5, surge_multiplier: 1, active_supply: 1 });
    expect(core.marketRate('nothing')).toBeUndefined();
  });

  it('snapshots on tick when due, for history', () => {
    const { clock, core } = setup({ cargoPrices: { 'llm-chat': 1 }, snapshotIntervalMs: 5 * MIN });
    core.tick();
    clock.advance(MIN);
    core.tick(); // not due
    clock.advance(4 * MIN);
    core.tick();
    expect(core.market.history('llm-chat', '1h', clock.now(), true)?.length).toBe(2);
  });
});

describe('violations', () => {
  it('flags messages for unknown jobs and for jobs of another host', () => {
    const { core, job, status } = setup();
    status('h', 'ghost', 'started');
    job('owner', 'j1');
    status('intruder', 'j1', 'started');
    expect(core.violations.map((v) => v.error)).toEqual([
      "status for unknown job 'ghost' (never assigned by this coordinator)",
      "status from host 'intruder' for a job assigned to 'owner'",
    ]);
    expect(core.jobs.view('j1')?.state).toBe('assigned');
  });
});
