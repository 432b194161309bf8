import { describe, expect, it } from 'vitest';
import { ApiCallError, ApiClient } from '../../../src-shared/api/client';
import { Backoff } from '../../../src-shared/domain/backoff';
import type { ConnectionState } from '../../../src-renderer/src/api/connection';
import { SocketTransport, type Timers } from '../../../src-renderer/src/api/socket-transport';
import { status } from '../fixtures';
import { SocketFactory } from '../fake-socket';

/** Timers the test fires by hand. */
class ManualTimers implements Timers {
  pending: Array<{ fn: () => void; ms: number }> = [];
  setTimeout(fn: () => void, ms: number): unknown {
    const t = { fn, ms };
    this.pending.push(t);
    return t;
  }
  clearTimeout(h: unknown): void {
    this.pending = this.pending.filter((t) => t !== h);
  }
  fireAll(): void {
    const due = this.pending;
    this.pending = [];
    for (const t of due) t.fn();
  }
}

function setup(serverAnswers?: () => Promise<boolean>) {
  const sockets = new SocketFactory();
  const timers = new ManualTimers();
  const warnings: string[] = [];
  const transport = new SocketTransport({
    url: 'ws://127.0.0.1:7780/api?token=t',
    createSocket: sockets.create,
    timers,
    now: () => 1000,
    backoff: new Backoff({ initialMs: 500, maxMs: 8000, jitter: [1, 1] }),
    serverAnswers,
    warn: (m) => warnings.push(m),
  });
  const states: ConnectionState[] = [];
  transport.connection.onState((s) => states.push(s));
  const client = new ApiClient(transport, 0);
  transport.start();
  return { sockets, timers, transport, client, states, warnings };
}

const flush = () => new Promise((r) => setTimeout(r, 0));

describe('SocketTransport', () => {
  it('queues calls made while connecting, sends them on open, and routes answers and events', async () => {
    const { sockets, client, transport } = setup();
    expect(sockets.last.url).toBe('ws://127.0.0.1:7780/api?token=t');
    const answer = client.call('status.get', {});
    expect(sockets.last.sent).toEqual([]);
    sockets.last.serverOpen();
    expect(transport.connection.state()).toEqual({ kind: 'open', epoch: 1 });
    const [req] = sockets.last.sentFrames();
    expect(req).toMatchObject({ kind: 'request', method: 'status.get' });
    sockets.last.serverSend({ kind: 'response', id: req!.id, ok: true, result: status({ version: '9.9.9' }) });
    expect((await answer).version).toBe('9.9.9');

    const seen: string[] = [];
    client.on('log', (e) => seen.push(e.entry.message));
    sockets.last.serverSend({ kind: 'event', event: { type: 'log', entry: { seq: 1, at: 0, level: 'info', scope: 's', message: 'hello', jobId: null, fields: {} } } });
    expect(seen).toEqual(['hello']);
  });

  it('drops malformed frames with a warning that says what was wrong', () => {
    const { sockets, warnings } = setup();
    sockets.last.serverOpen();
    sockets.last.serverSend('not json');
    sockets.last.serverSend({ kind: 'response', id: 'x', ok: true });
    sockets.last.serverSend({ kind: 'event', event: {} });
    expect(warnings).toEqual([
      expect.stringContaining('frame is not JSON'),
      expect.stringContaining('response frame: id is not a number'),
      expect.stringContaining('event.type is missing'),
    ]);
  });

  it('on a dropped link fails pending calls, reconnects with backoff and counts a new epoch', async () => {
    const { sockets, timers, client, transport } = setup();
    sockets.last.serverOpen();
    const pending = client.call('status.get', {});
    sockets.last.serverClose(1006);
    await expect(pending).rejects.toMatchObject({ code: 'disconnected', message: 'connection lost (code 1006)' });
    await flush();
    expect(transport.connection.state()).toEqual({ kind: 'reconnecting', epoch: 1, attempt: 1, retryAt: 1500, reason: 'connection lost (code 1006)' });
    expect(timers.pending.map((t) => t.ms)).toEqual([500]);

    // Calls made while waiting are kept and sent once the link is back.
    const later = client.call('prices.get', {});
    timers.fireAll();
    expect(sockets.sockets).toHaveLength(2);
    sockets.last.serverClose(1006);
    await expect(later).rejects.toBeInstanceOf(ApiCallError);
    await flush();
    expect(timers.pending.map((t) => t.ms)).toEqual([1000]);
    const third = client.call('karma.get', {});
    timers.fireAll();
    sockets.last.serverOpen();
    expect(transport.connection.state()).toEqual({ kind: 'open', epoch: 2 });
    expect(sockets.last.sentFrames().map((f) => f.method)).toEqual(['karma.get']);
    sockets.last.serverSend({ kind: 'response', id: sockets.last.sentFrames()[0]!.id, ok: false, error: { code: 'not-available', message: 'no api_url' } });
    await expect(third).rejects.toMatchObject({ code: 'not-available', message: 'no api_url' });
    // The backoff starts over after a success.
    sockets.last.serverClose(1001, 'going away');
    await flush();
    expect(timers.pending.map((t) => t.ms)).toEqual([500]);
    expect(transport.connection.state()).toMatchObject({ kind: 'reconnecting', reason: 'going away' });
  });

  it('stops for good when the Island refuses the token (close 4401)', async () => {
    const { sockets, timers, client, transport } = setup();
    sockets.last.serverClose(4401, 'token refused');
    await flush();
    expect(transport.connection.state()).toEqual({ kind: 'refused', reason: 'token refused' });
    expect(timers.pending).toEqual([]);
    await expect(client.call('status.get', {})).rejects.toMatchObject({ code: 'disconnected' });
  });

  it('takes a socket that never opened while the page server answers as a refusal (HTTP 401 on upgrade)', async () => {
    const { sockets, timers, transport } = setup(async () => true);
    sockets.last.serverClose(1006);
    await flush();
    expect(transport.connection.state()).toMatchObject({ kind: 'refused' });
    expect(timers.pending).toEqual([]);
  });

  it('keeps retrying while the server itself is gone (the Island restarting)', async () => {
    const { sockets, timers, transport } = setup(async () => {
      throw new Error('fetch failed');
    });
    sockets.last.serverClose(1006);
    await flush();
    expect(transport.connection.state()).toMatchObject({ kind: 'reconnecting', attempt: 1, reason: 'could not connect (code 1006)' });
    expect(timers.pending).toHaveLength(1);
  });

  it('stop() closes the socket and never reconnects', async () => {
    const { sockets, timers, transport } = setup();
    sockets.last.serverOpen();
    transport.stop();
    await flush();
    expect(sockets.last.closedWith).toEqual({ code: 1000, reason: 'dashboard closed' });
    expect(timers.pending).toEqual([]);
  });
});
