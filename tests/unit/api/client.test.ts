// ApiClient over a scripted transport: answers matched by id, events to their listeners, and no
// call left hanging (timeouts, a dropped link, a send that throws).
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiCallError, ApiClient, type ApiTransport } from '../../../src-shared/api/client';
import type { ApiEvent } from '../../../src-shared/api/events';
import type { RequestFrame, ServerFrame } from '../../../src-shared/api/frames';
import type { StatusView } from '../../../src-shared/api/views';

class ScriptedTransport implements ApiTransport {
  readonly sent: RequestFrame[] = [];
  private frameFn: (f: ServerFrame) => void = () => {};
  private closeFn: (reason: string) => void = () => {};
  failSend: Error | null = null;

  send(frame: RequestFrame): void {
    if (this.failSend) throw this.failSend;
    this.sent.push(frame);
  }
  onFrame(fn: (frame: ServerFrame) => void): () => void {
    this.frameFn = fn;
    return () => undefined;
  }
  onClose(fn: (reason: string) => void): () => void {
    this.closeFn = fn;
    return () => undefined;
  }
  deliver(frame: ServerFrame): void {
    this.frameFn(frame);
  }
  drop(reason: string): void {
    this.closeFn(reason);
  }
}

afterEach(() => vi.useRealTimers());

describe('ApiClient', () => {
  it('matches answers to calls by id, in whatever order they come', async () => {
    const t = new ScriptedTransport();
    const api = new ApiClient(t);
    const history = api.call('jobs.history', { limit: 5 });
    const prices = api.call('prices.set', { slug: 'llm-chat', price: '2.0' });
    expect(t.sent.map((f) => [f.id, f.method, f.params])).toEqual([
      [1, 'jobs.history', { limit: 5 }],
      [2, 'prices.set', { slug: 'llm-chat', price: '2.0' }],
    ]);
    t.deliver({ kind: 'response', id: 2, ok: false, error: { code: 'bad-request', message: 'params.price: no', field: 'params.price' } });
    t.deliver({ kind: 'response', id: 1, ok: true, result: [] });
    await expect(history).resolves.toEqual([]);
    const err = await prices.catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiCallError);
    expect(err).toMatchObject({ code: 'bad-request', field: 'params.price', message: 'params.price: no' });
    // A late or unknown id changes nothing.
    t.deliver({ kind: 'response', id: 99, ok: true, result: 'stray' });
  });

  it('sends {} for a call without params', () => {
    const t = new ScriptedTransport();
    void new ApiClient(t).call('status.get', {});
    expect(t.sent[0]).toEqual({ kind: 'request', id: 1, method: 'status.get', params: {} });
  });

  it('hands each event to the listeners of its type until they unsubscribe', () => {
    const t = new ScriptedTransport();
    const api = new ApiClient(t);
    const outputs: string[] = [];
    const logs: number[] = [];
    const off = api.on('job-output', (e) => outputs.push(e.text));
    api.on('log', (e) => logs.push(e.entry.seq));
    const output: ApiEvent = { type: 'job-output', jobId: 'j', text: 'Hi', tokens: 1 };
    t.deliver({ kind: 'event', event: output });
    t.deliver({ kind: 'event', event: { type: 'log', entry: { seq: 7, at: 1, level: 'info', scope: 'jobs', message: 'm', jobId: null, fields: {} } } });
    off();
    t.deliver({ kind: 'event', event: output });
    expect(outputs).toEqual(['Hi']);
    expect(logs).toEqual([7]);
  });

  it('fails a call that gets no answer in time', async () => {
    vi.useFakeTimers();
    const t = new ScriptedTransport();
    const call = new ApiClient(t, 5_000).call('status.get', {});
    const settled = call.catch((e: unknown) => e);
    vi.advanceTimersByTime(5_001);
    expect(await settled).toMatchObject({ code: 'timeout', message: 'status.get got no answer in 5 s' });
    // The answer arriving afterwards is ignored.
    t.deliver({ kind: 'response', id: 1, ok: true, result: {} as StatusView });
  });

  it('fails every pending call when the link drops, and a call whose send throws', async () => {
    const t = new ScriptedTransport();
    const api = new ApiClient(t);
    const a = api.call('status.get', {}).catch((e: unknown) => e);
    const b = api.call('karma.get', {}).catch((e: unknown) => e);
    t.drop('closed 1006');
    expect(await a).toMatchObject({ code: 'disconnected', message: 'closed 1006' });
    expect(await b).toMatchObject({ code: 'disconnected' });
    t.failSend = new Error('socket is not open');
    expect(await api.call('status.get', {}).catch((e: unknown) => e)).toMatchObject({ code: 'disconnected', message: 'could not send status.get: socket is not open' });
  });
});
