// The sentence that tells the owner why the Island is or is not taking jobs, for each state.
import { describe, expect, it } from 'vitest';
import { pairingView, statusView } from '../../../src-main/agent/api/status-view';
import type { IslandSnapshot } from '../../../src-main/agent/island-snapshot';
import { baseSnapshot } from './fake-island';

const extras = { startedAt: 1, pausedUntil: null, apiUrl: null, hardware: { cpuModel: null, cpuCores: 4, ramMb: 1, os: 'x', gpus: [] }, tokensOf: () => 0 };
const reason = (over: Partial<IslandSnapshot>, pausedUntil: number | null = null) => statusView(baseSnapshot(over), { ...extras, pausedUntil }).availability;

describe('statusView availability', () => {
  it('says why, in the order that matters to the owner', () => {
    expect(reason({})).toEqual({ mode: 'online', pausedUntil: null, takingJobs: true, reason: 'Taking jobs (wasm)' });
    expect(reason({ paused: true, supportedRuntimes: [] })).toEqual({ mode: 'paused', pausedUntil: null, takingJobs: false, reason: 'Paused by you' });
    expect(reason({ paused: true, supportedRuntimes: [] }, 99)).toMatchObject({ pausedUntil: 99, reason: expect.stringContaining('by itself') });
    expect(reason({ link: { type: 'connecting', server: 's' }, phase: 'connecting' })).toMatchObject({ takingJobs: false, reason: 'Connecting to the coordinator at nats://127.0.0.1:4222' });
    expect(reason({ link: { type: 'disconnected', server: 's' }, lastServerError: { message: 'Authorization Violation', at: 1 } })).toMatchObject({
      takingJobs: false,
      reason: 'Coordinator unreachable at nats://127.0.0.1:4222: Authorization Violation; reconnecting',
    });
    expect(reason({ link: { type: 'closed', error: 'TLS required' } })).toMatchObject({ reason: 'Not connected to the coordinator: TLS required' });
    expect(reason({ supportedRuntimes: [], runtimes: [{ type: 'container', availability: { available: false, reason: 'Docker is not running' } }] })).toMatchObject({
      takingJobs: false,
      reason: 'No runtime can take jobs now (container: Docker is not running)',
    });
    expect(reason({ supportedRuntimes: [], runtimes: [] })).toMatchObject({ reason: expect.stringContaining('No runtime is installed') });
    expect(reason({ phase: 'stopping' })).toMatchObject({ takingJobs: false, reason: expect.stringMatching(/^Stopping/) });
  });

  it('maps the coordinator link, job delivery and runtimes', () => {
    const s = statusView(baseSnapshot({ jobSource: { type: 'core', reason: 'no JetStream' }, rttMs: 0.26, runtimes: [{ type: 'container', availability: { available: false, reason: 'no Docker' } }] }), extras);
    expect(s.coordinator).toEqual({ server: 'nats://127.0.0.1:4222', connected: true, rttMs: 0.3, jobDelivery: 'core', lastError: null, apiUrl: null });
    expect(s.runtimes).toEqual([{ type: 'container', available: false, reason: 'no Docker' }]);
    expect(statusView(baseSnapshot({ jobSource: { type: 'paused' } }), extras).coordinator.jobDelivery).toBe('stopped');
  });

  it('maps every pairing state', () => {
    expect(pairingView({ type: 'paired', accountId: 'acc', pairedAt: 't' })).toEqual({ state: 'paired', accountId: 'acc', pairedAt: 't' });
    expect(pairingView({ type: 'code', code: 'ABC', pairUrl: 'u', expiresAtMs: 5 })).toEqual({ state: 'code', code: 'ABC', pairUrl: 'u', expiresAt: 5 });
    expect(pairingView({ type: 'unpaired', reason: 'r' })).toEqual({ state: 'unpaired', reason: 'r' });
  });
});
