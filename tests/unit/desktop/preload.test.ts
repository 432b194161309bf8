// The preload, run for real against a fake contextBridge and ipcRenderer (vi.mock replaces the
// electron module, so the real one is never loaded): it exposes exactly `window.island` with
// send / onFrame / onClose / onReady, moves frames on our channels only, and never hands the
// page Electron's event object (whose `sender` is ipcRenderer itself).
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { IPC_CHANNELS } from '../../../src-main/desktop/ipc/channels';

type Listener = (event: unknown, ...args: unknown[]) => void;

const fake = vi.hoisted(() => {
  const exposed: Array<[string, unknown]> = [];
  const sent: Array<[string, ...unknown[]]> = [];
  const listeners = new Map<string, Set<(event: unknown, ...args: unknown[]) => void>>();
  return {
    exposed,
    sent,
    listeners,
    contextBridge: { exposeInMainWorld: (key: string, api: unknown) => exposed.push([key, api]) },
    ipcRenderer: {
      send: (channel: string, ...args: unknown[]) => sent.push([channel, ...args]),
      on: (channel: string, fn: (event: unknown, ...args: unknown[]) => void) => {
        if (!listeners.has(channel)) listeners.set(channel, new Set());
        listeners.get(channel)!.add(fn);
      },
      removeListener: (channel: string, fn: (event: unknown, ...args: unknown[]) => void) => listeners.get(channel)?.delete(fn),
      // Present on the real ipcRenderer; the bridge must never pass it on.
      invoke: () => Promise.resolve('should never be reachable'),
      sendSync: () => 'should never be reachable',
    },
  };
});

vi.mock('electron', () => ({ contextBridge: fake.contextBridge, ipcRenderer: fake.ipcRenderer }));

function emit(channel: string, ...args: unknown[]) {
  const event = { sender: fake.ipcRenderer, senderId: 0 };
  for (const fn of fake.listeners.get(channel) ?? []) (fn as Listener)(event, ...args);
}

interface Bridge {
  send(frame: unknown): void;
  onFrame(fn: (frame: unknown) => void): () => void;
  onClose(fn: (reason: string) => void): () => void;
  onReady(fn: () => void): () => void;
}

let bridge: Bridge;

beforeEach(async () => {
  fake.exposed.length = 0;
  fake.sent.length = 0;
  fake.listeners.clear();
  vi.resetModules();
  await import('../../../src-main/desktop/preload');
  bridge = fake.exposed[0]![1] as Bridge;
});

describe('preload.ts', () => {
  it('exposes one object, window.island, with exactly the transport functions', () => {
    expect(fake.exposed.map(([key]) => key)).toEqual(['island']);
    expect(Object.keys(bridge).sort()).toEqual(['onClose', 'onFrame', 'onReady', 'send']);
    for (const fn of Object.values(bridge)) expect(typeof fn).toBe('function');
    expect(Object.isFrozen(bridge)).toBe(true);
  });

  it('sends request frames on the request channel only', () => {
    const frame = { kind: 'request', id: 1, method: 'status.get', params: {} };
    bridge.send(frame);
    expect(fake.sent).toEqual([[IPC_CHANNELS.request, frame]]);
  });

  it('hands listeners the frame alone, never the IPC event', () => {
    const got: unknown[][] = [];
    bridge.onFrame((...args) => got.push(args));
    const frame = { kind: 'event', event: { type: 'status' } };
    emit(IPC_CHANNELS.frame, frame);
    expect(got).toEqual([[frame]]);
    const reasons: unknown[][] = [];
    bridge.onClose((...args) => reasons.push(args));
    emit(IPC_CHANNELS.close, 'the Island stopped');
    expect(reasons).toEqual([['the Island stopped']]);
    const ready: unknown[][] = [];
    bridge.onReady((...args) => ready.push(args));
    emit(IPC_CHANNELS.ready, 'ignored');
    expect(ready).toEqual([[]]);
  });

  it('unsubscribes', () => {
    const got: unknown[] = [];
    const off = bridge.onFrame((f) => got.push(f));
    off();
    emit(IPC_CHANNELS.frame, { kind: 'event' });
    expect(got).toEqual([]);
    expect(fake.listeners.get(IPC_CHANNELS.frame)?.size).toBe(0);
  });

  it('listens on our channels only', () => {
    bridge.onFrame(() => undefined);
    bridge.onClose(() => undefined);
    bridge.onReady(() => undefined);
    expect([...fake.listeners.keys()].sort()).toEqual([IPC_CHANNELS.close, IPC_CHANNELS.frame, IPC_CHANNELS.ready].sort());
  });
});
