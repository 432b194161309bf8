// The agent's end of the utility-process link with a fake parentPort and API: requests answered
// to their client, events forwarded, broken messages dropped, and a drain that stops the Island,
// reports, and exits.
import { describe, expect, it } from 'vitest';
import type { ApiEvent } from '../../../src-shared/api/events';
import { decodeRequestFrame, type ResponseFrame } from '../../../src-shared/api/frames';
import { UtilityHost, type AgentApi, type ParentPortLike } from '../../../src-main/agent/utility/utility-host';
import { createTestLogger } from '../../helpers/test-logger';

const flush = () => new Promise((r) => setImmediate(r));

class FakePort implements ParentPortLike {
  posted: unknown[] = [];
  private fn: ((m: { data: unknown }) => void) | null = null;
  on(_e: 'message', fn: (m: { data: unknown }) => void) {
    this.fn = fn;
  }
  postMessage(m: unknown) {
    this.posted.push(m);
  }
  deliver(data: unknown) {
    this.fn?.({ data });
  }
}

class FakeApi implements AgentApi {
  sinks = new Set<(e: ApiEvent) => void>();
  async handleFrame(raw: unknown): Promise<ResponseFrame> {
    const d = decodeRequestFrame(raw);
    if (!d.ok) return { kind: 'response', id: d.id ?? -1, ok: false, error: d.error };
    return { kind: 'response', id: d.id, ok: true, result: { method: d.method } };
  }
  subscribe(fn: (e: ApiEvent) => void) {
    this.sinks.add(fn);
    return () => this.sinks.delete(fn);
  }
}

function setup(stop = async () => ({ finished: 1, aborted: ['job-9'] })) {
  const port = new FakePort();
  const api = new FakeApi();
  const exits: number[] = [];
  const log = createTestLogger();
  const host = new UtilityHost({ port, api, log, stop, exit: (c) => exits.push(c) });
  host.start({ version: '0.5.0', hostId: 'h1', drainTimeoutMs: 30_000 });
  return { port, api, exits, log };
}

describe('UtilityHost', () => {
  it('says ready, then answers each request to the client that sent it', async () => {
    const { port } = setup();
    expect(port.posted).toEqual([{ type: 'ready', version: '0.5.0', hostId: 'h1', drainTimeoutMs: 30_000 }]);
    port.deliver({ type: 'request', client: 7, frame: { kind: 'request', id: 3, method: 'status.get', params: {} } });
    port.deliver({ type: 'request', client: 0, frame: { kind: 'request', id: 3, method: 'nope', params: {} } });
    await flush();
    expect(port.posted.slice(1)).toEqual([
      { type: 'response', client: 7, frame: { kind: 'response', id: 3, ok: true, result: { method: 'status.get' } } },
      { type: 'response', client: 0, frame: { kind: 'response', id: 3, ok: false, error: { code: 'unknown-method', message: 'unknown method "nope"', field: 'method' } } },
    ]);
  });

  it('forwards every API event', () => {
    const { port, api } = setup();
    const event = { type: 'log', entry: { seq: 1 } } as unknown as ApiEvent;
    for (const sink of api.sinks) sink(event);
    expect(port.posted.at(-1)).toEqual({ type: 'event', frame: { kind: 'event', event } });
  });

  it('drops and logs a message that is not the protocol', async () => {
    const { port, log } = setup();
    port.deliver({ type: 'request', client: -1, frame: {} });
    port.deliver({ type: 'shutdown-now' });
    port.deliver(null);
    await flush();
    expect(port.posted).toHaveLength(1);
    expect(log.filter({ level: 'warn', msg: 'dropped a message from the desktop shell' })).toHaveLength(3);
  });

  it("passes main's idle-time reports to the availability policy, and refuses nonsense", () => {
    const port = new FakePort();
    const idle: number[] = [];
    const log = createTestLogger();
    new UtilityHost({ port, api: new FakeApi(), log, stop: async () => ({ finished: 0, aborted: [] }), exit: () => undefined, idle: (s) => idle.push(s) }).start({
      version: '0.5.0',
      hostId: 'h1',
      drainTimeoutMs: 1,
    });
    port.deliver({ type: 'idle', seconds: 42.5 });
    port.deliver({ type: 'idle', seconds: -3 });
    expect(idle).toEqual([42.5]);
    expect(log.filter({ level: 'warn', msg: 'dropped a message from the desktop shell' })).toHaveLength(1);
  });

  it('drains once: stops the Island, reports what finished, and exits', async () => {
    let stops = 0;
    const { port, exits } = setup(async () => {
      stops++;
      return { finished: 1, aborted: ['job-9'] };
    });
    port.deliver({ type: 'drain' });
    port.deliver({ type: 'drain' });
    await flush();
    expect(stops).toBe(1);
    expect(port.posted.at(-1)).toEqual({ type: 'drained', report: { finished: 1, aborted: ['job-9'] } });
    expect(exits).toEqual([0]);
  });
});
