// One dashboard connection: frames checked before parsing, answers sent back, and a slow reader
// losing only the high-volume events (then the connection, when it falls far behind).
import { EventEmitter } from 'node:events';
import type { WebSocket } from 'ws';
import { describe, expect, it } from 'vitest';
import { attachSession, CLOSE_TOO_SLOW } from '../../../src-main/agent/dashboard/ws-session';
import type { ApiEvent } from '../../../src-shared/api/events';
import type { ResponseFrame, ServerFrame } from '../../../src-shared/api/frames';
import { createTestLogger } from '../../helpers/test-logger';

class FakeSocket extends EventEmitter {
  readonly OPEN = 1;
  readonly CLOSED = 3;
  readyState = 1;
  bufferedAmount = 0;
  readonly sent: ServerFrame[] = [];
  closedWith: [number, string] | null = null;
  send(data: string): void {
    this.sent.push(JSON.parse(data) as ServerFrame);
  }
  close(code: number, reason: string): void {
    this.closedWith = [code, reason];
    this.readyState = 3;
  }
}

function setup(handle: (raw: unknown) => Promise<ResponseFrame> = async () => ({ kind: 'response', id: 1, ok: true, result: 'ok' })) {
  const ws = new FakeSocket();
  let sink: (e: ApiEvent) => void = () => {};
  let unsubscribed = false;
  const handled: unknown[] = [];
  const log = createTestLogger();
  attachSession(ws as unknown as WebSocket, {
    handle: (raw) => {
      handled.push(raw);
      return handle(raw);
    },
    subscribe: (fn) => {
      sink = fn;
      return () => (unsubscribed = true);
    },
  }, log, { softBufferBytes: 100, hardBufferBytes: 1000, maxInFlight: 2 });
  return { ws, emit: (e: ApiEvent) => sink(e), handled, log, unsubscribed: () => unsubscribed };
}

const metrics: ApiEvent = { type: 'metrics', sample: { at: 1, cpuPercent: 1, ramUsedMb: 1, ramTotalMb: 2, gpus: [] } };
const prices: ApiEvent = { type: 'prices', prices: { defaultPrice: null, cargos: [], marketUnavailable: null } };

describe('a dashboard WebSocket session', () => {
  it('drops metrics, log and job-output events for a slow reader but never state events, and disconnects one far behind', () => {
    const s = setup();
    s.emit(metrics);
    s.ws.bufferedAmount = 500;
    s.emit(metrics);
    s.emit({ type: 'job-output', jobId: 'j', text: 'x', tokens: 1 });
    s.emit(prices);
    expect(s.ws.sent.map((f) => (f.kind === 'event' ? f.event.type : f.kind))).toEqual(['metrics', 'prices']);
    expect(s.log.filter({ level: 'warn', msg: 'reads slowly' })).toHaveLength(1);
    s.ws.bufferedAmount = 0;
    s.emit(metrics);
    expect(s.log.has({ level: 'info', msg: 'caught up', fields: { dropped_events: 2 } })).toBe(true);
    s.ws.bufferedAmount = 5000;
    s.emit(prices);
    expect(s.ws.closedWith?.[0]).toBe(CLOSE_TOO_SLOW);
  });

  it('answers requests, refuses binary and oversized frames without handling them, and caps requests in flight', async () => {
    const pending: Array<() => void> = [];
    const s = setup((raw) => new Promise((resolve) => pending.push(() => resolve({ kind: 'response', id: JSON.parse(String(raw)).id as number, ok: true, result: 'done' }))));
    s.ws.emit('message', Buffer.from('{}'), true);
    s.ws.emit('message', Buffer.alloc(70_000, 32), false);
    expect(s.handled).toEqual([]);
    expect(s.ws.sent).toEqual([
      { kind: 'response', id: 0, ok: false, error: { code: 'bad-request', message: 'binary frames are not accepted: send JSON text' } },
      { kind: 'response', id: 0, ok: false, error: { code: 'bad-request', message: 'frame of 70000 bytes is larger than 65536 bytes' } },
    ]);
    const req = (id: number) => Buffer.from(JSON.stringify({ kind: 'request', id, method: 'status.get', params: {} }));
    s.ws.emit('message', req(1), false);
    s.ws.emit('message', req(2), false);
    s.ws.emit('message', req(3), false);
    expect(s.handled).toHaveLength(2);
    expect(s.ws.sent.at(-1)).toMatchObject({ id: 3, ok: false, error: { code: 'not-available' } });
    for (const p of pending) p();
    await new Promise((r) => setImmediate(r));
    expect(s.ws.sent.filter((f) => f.kind === 'response' && f.ok).map((f) => (f as { id: number }).id)).toEqual([1, 2]);
    s.ws.emit('message', req(4), false);
    expect(s.handled).toHaveLength(3);
    s.ws.emit('close');
    expect(s.unsubscribed()).toBe(true);
  });
});
