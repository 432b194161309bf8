import { afterEach, describe, expect, it } from 'vitest';
import type { RequestFrame, ServerFrame } from '../../../src-shared/api/frames';
import { connectFromPage } from '../../../src-renderer/src/api/choose-transport';
import { bridgeTransport, findBridge, type IslandBridge } from '../../../src-renderer/src/api/preload-bridge';
import { status } from '../fixtures';

/** What the desktop preload would expose, driven by the test as main would. */
function fakeBridge() {
  const sent: RequestFrame[] = [];
  const frames = new Set<(f: ServerFrame) => void>();
  const closes = new Set<(r: string) => void>();
  const readies = new Set<() => void>();
  const bridge: IslandBridge = {
    send: (f) => void sent.push(f),
    onFrame: (fn) => (frames.add(fn), () => frames.delete(fn)),
    onClose: (fn) => (closes.add(fn), () => closes.delete(fn)),
    onReady: (fn) => (readies.add(fn), () => readies.delete(fn)),
  };
  return { bridge, sent, push: (f: ServerFrame) => frames.forEach((fn) => fn(f)), close: (r: string) => closes.forEach((fn) => fn(r)), ready: () => readies.forEach((fn) => fn()) };
}

afterEach(() => {
  delete window.island;
  sessionStorage.clear();
});

describe('Electron preload bridge', () => {
  it('is found only when window.island has send and onFrame', () => {
    expect(findBridge({})).toBeNull();
    expect(findBridge({ island: { send: 1 } })).toBeNull();
    const { bridge } = fakeBridge();
    expect(findBridge({ island: bridge })).toBe(bridge);
  });

  it('carries calls and answers, and reports the agent going away and coming back', async () => {
    const b = fakeBridge();
    window.island = b.bridge;
    const link = connectFromPage(window);
    const answer = link.api.call('status.get', {});
    expect(b.sent).toEqual([{ kind: 'request', id: 1, method: 'status.get', params: {} }]);
    b.push({ kind: 'response', id: 1, ok: true, result: status({ hostId: 'h-1' }) });
    expect((await answer).hostId).toBe('h-1');

    expect(link.connection.state()).toEqual({ kind: 'open', epoch: 1 });
    const pending = link.api.call('karma.get', {});
    b.close('agent process exited (code 1)');
    await expect(pending).rejects.toMatchObject({ code: 'disconnected', message: 'agent process exited (code 1)' });
    expect(link.connection.state()).toMatchObject({ kind: 'reconnecting', reason: 'agent process exited (code 1)' });
    b.ready();
    expect(link.connection.state()).toEqual({ kind: 'open', epoch: 2 });
  });

  it('works with a bridge that has no lifecycle hooks', () => {
    const { transport, connection } = bridgeTransport({ send: () => undefined, onFrame: () => () => undefined });
    expect(connection.state()).toEqual({ kind: 'open', epoch: 1 });
    expect(typeof transport.onClose(() => undefined)).toBe('function');
  });
});

describe('connectFromPage without the bridge', () => {
  it('reports no-token when the page URL and the tab have none', () => {
    const link = connectFromPage(window);
    expect(link.connection.state()).toEqual({ kind: 'no-token' });
  });
});
