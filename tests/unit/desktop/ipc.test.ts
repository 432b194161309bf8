// The IPC path between the dashboard and the agent: the guard refuses foreign senders (another
// webContents, a sub-frame, another origin, a frame that is gone) and bad payloads, and passes good
// ones decoded; the bridge answers our page's bad requests and drops foreign ones; the router sends
// each answer to its own client, events to all, and answers at once when the agent is down.
import { describe, expect, it } from 'vitest';
import type { ServerFrame } from '../../../src-shared/api/frames';
import { AgentRouter, type AgentLink } from '../../../src-main/desktop/agent/agent-router';
import type { AgentState } from '../../../src-main/desktop/agent/agent-supervisor';
import type { AgentToMain, MainToAgent } from '../../../src-main/agent/utility/port-messages';
import { IPC_CHANNELS } from '../../../src-main/desktop/ipc/channels';
import { IpcBridge, type IpcMainLike, type WebContentsLike } from '../../../src-main/desktop/ipc/ipc-bridge';
import { IpcGuard, type IpcSender } from '../../../src-main/desktop/ipc/ipc-guard';
import { createTestLogger } from '../../helpers/test-logger';

const OURS = 7;
const PAGE = 'app://island/index.html#/prices';
const sender = (over: Partial<{ id: number; url: string; parent: unknown; gone: boolean }> = {}): IpcSender => ({
  sender: { id: over.id ?? OURS },
  senderFrame: over.gone ? null : { url: over.url ?? PAGE, parent: over.parent ?? null },
});

function guard() {
  const log = createTestLogger();
  return { log, guard: new IpcGuard({ appOrigin: 'app://island', isOurWindow: (id) => id === OURS, log }) };
}

describe('IpcGuard', () => {
  const good = { kind: 'request', id: 4, method: 'availability.set', params: { mode: 'paused', forMinutes: 60 } };

  it('accepts a well-formed request from our page, as decoded', () => {
    const { guard: g } = guard();
    expect(g.check(sender(), good)).toEqual({ type: 'accept', frame: good });
    expect(g.check(sender(), { kind: 'request', id: 5, method: 'status.get' })).toEqual({ type: 'accept', frame: { kind: 'request', id: 5, method: 'status.get', params: {} } });
  });

  it.each([
    ['another webContents', sender({ id: 99 }), 'not one of the dashboard windows'],
    ['a sub-frame of our window', sender({ parent: {} }), 'sent from a sub-frame'],
    ['our window showing a web page', sender({ url: 'https://evil.example/' }), 'the frame shows https://evil.example, not app://island'],
    ['our window showing a local file', sender({ url: 'file:///home/me/x.html' }), 'the frame shows file://, not app://island'],
    ['a look-alike host', sender({ url: 'app://island.evil/index.html' }), 'the frame shows app://island.evil, not app://island'],
    ['a frame that is gone', sender({ gone: true }), 'the sending frame is gone'],
  ])('refuses %s, and logs it', (_what, event, reason) => {
    const { guard: g, log } = guard();
    expect(g.check(event, good)).toEqual({ type: 'foreign-sender', reason });
    expect(log.has({ level: 'warn', msg: 'refused an IPC message from a foreign sender', fields: { reason } })).toBe(true);
  });

  it.each([
    ['not an object', 'hello', null, 'frame is not JSON'],
    ['a wrong kind', { kind: 'event', id: 1, method: 'status.get' }, 1, 'frame.kind'],
    ['an unknown method', { kind: 'request', id: 2, method: 'shell.exec', params: {} }, 2, 'unknown method "shell.exec"'],
    ['bad params', { kind: 'request', id: 3, method: 'availability.set', params: { mode: 'off' } }, 3, 'params.mode'],
    ['extra keys', { kind: 'request', id: 6, method: 'status.get', params: {}, sender: 'x' }, 6, 'frame'],
  ])('refuses a payload that is %s, naming what is wrong', (_what, payload, id, text) => {
    const { guard: g } = guard();
    const v = g.check(sender(), payload);
    expect(v.type).toBe('bad-payload');
    if (v.type !== 'bad-payload') return;
    expect(v.id).toBe(id);
    expect(v.error.message).toContain(text);
  });
});

class FakeLink implements AgentLink {
  state: AgentState = { type: 'running', since: 0, ready: true, restarts: 0 };
  sent: MainToAgent[] = [];
  up = true;
  private msgFns: Array<(m: AgentToMain) => void> = [];
  private stateFns: Array<(s: AgentState) => void> = [];
  send(m: MainToAgent) {
    if (!this.up) return false;
    this.sent.push(m);
    return true;
  }
  onMessage(fn: (m: AgentToMain) => void) {
    this.msgFns.push(fn);
    return () => undefined;
  }
  onState(fn: (s: AgentState) => void) {
    this.stateFns.push(fn);
    return () => undefined;
  }
  message(m: AgentToMain) {
    for (const fn of this.msgFns) fn(m);
  }
  setState(s: AgentState) {
    this.state = s;
    this.up = s.type === 'running';
    for (const fn of this.stateFns) fn(s);
  }
}

class FakeContents implements WebContentsLike {
  sent: Array<[string, ...unknown[]]> = [];
  destroyed = false;
  constructor(readonly id: number) {}
  send(channel: string, ...args: unknown[]) {
    this.sent.push([channel, ...args]);
  }
  isDestroyed() {
    return this.destroyed;
  }
}

class FakeIpcMain implements IpcMainLike {
  listeners = new Map<string, (event: IpcSender, payload: unknown) => void>();
  on(channel: string, fn: (event: IpcSender, payload: unknown) => void) {
    this.listeners.set(channel, fn);
    return this;
  }
  removeAllListeners(channel: string) {
    this.listeners.delete(channel);
    return this;
  }
  emit(event: IpcSender, payload: unknown) {
    this.listeners.get(IPC_CHANNELS.request)?.(event, payload);
  }
}

function wired() {
  const link = new FakeLink();
  const router = new AgentRouter(link);
  const ipc = new FakeIpcMain();
  const log = createTestLogger();
  const bridge: IpcBridge = new IpcBridge(ipc, new IpcGuard({ appOrigin: 'app://island', isOurWindow: (id) => bridge.isConnected(id), log }), router);
  bridge.listen();
  const win = new FakeContents(OURS);
  const disconnect = bridge.connect(win);
  return { link, router, ipc, bridge, win, disconnect, log };
}

describe('IpcBridge and AgentRouter', () => {
  it('forwards an accepted request tagged with its window, and returns the answer to that window only', () => {
    const { link, ipc, bridge, win } = wired();
    const other = new FakeContents(8);
    bridge.connect(other);
    ipc.emit(sender(), { kind: 'request', id: 1, method: 'status.get', params: {} });
    expect(link.sent).toEqual([{ type: 'request', client: OURS, frame: { kind: 'request', id: 1, method: 'status.get', params: {} } }]);
    const answer: ServerFrame = { kind: 'response', id: 1, ok: true, result: { phase: 'online' } };
    link.message({ type: 'response', client: OURS, frame: answer });
    expect(win.sent).toEqual([[IPC_CHANNELS.frame, answer]]);
    expect(other.sent).toEqual([]);
  });

  it('answers our page at once when a request does not decode, and never reaches the agent', () => {
    const { link, ipc, win } = wired();
    ipc.emit(sender(), { kind: 'request', id: 9, method: 'prices.set', params: { slug: '_default', price: '1' } });
    expect(link.sent).toEqual([]);
    expect(win.sent).toHaveLength(1);
    const [channel, frame] = win.sent[0]!;
    expect(channel).toBe(IPC_CHANNELS.frame);
    expect(frame).toMatchObject({ kind: 'response', id: 9, ok: false, error: { code: 'bad-request', field: 'params.slug' } });
  });

  it('drops a request from a window it did not connect, with no answer at all', () => {
    const { link, ipc, win } = wired();
    ipc.emit(sender({ id: 42 }), { kind: 'request', id: 1, method: 'status.get', params: {} });
    ipc.emit(sender({ url: 'https://evil.example/' }), { kind: 'request', id: 2, method: 'status.get', params: {} });
    expect(link.sent).toEqual([]);
    expect(win.sent).toEqual([]);
  });

  it('stops accepting a window once it is disconnected (closed)', () => {
    const { link, ipc, disconnect } = wired();
    disconnect();
    ipc.emit(sender(), { kind: 'request', id: 1, method: 'status.get', params: {} });
    expect(link.sent).toEqual([]);
  });

  it('pushes events to every window', () => {
    const { link, bridge, win } = wired();
    const other = new FakeContents(8);
    bridge.connect(other);
    const event = { kind: 'event', event: { type: 'log', entry: { seq: 1 } } } as unknown as ServerFrame;
    link.message({ type: 'event', frame: event as never });
    expect(win.sent).toEqual([[IPC_CHANNELS.frame, event]]);
    expect(other.sent).toEqual([[IPC_CHANNELS.frame, event]]);
  });

  it('answers not-available at once while the agent restarts, and tells windows the link closed and came back', () => {
    const { link, ipc, win } = wired();
    link.setState({ type: 'waiting', retryAt: 0, exitCode: 1, fatal: null, restarts: 1 });
    expect(win.sent).toEqual([[IPC_CHANNELS.close, 'the Island stopped unexpectedly and is restarting']]);
    ipc.emit(sender(), { kind: 'request', id: 3, method: 'status.get', params: {} });
    expect(win.sent[1]).toEqual([IPC_CHANNELS.frame, { kind: 'response', id: 3, ok: false, error: { code: 'not-available', message: 'the Island is restarting after a crash' } }]);
    link.setState({ type: 'running', since: 1, ready: false, restarts: 1 });
    link.message({ type: 'ready', version: '0.5.0', hostId: 'h', drainTimeoutMs: 30_000 });
    expect(win.sent[2]).toEqual([IPC_CHANNELS.ready]);
  });

  it('gives main its own client (the tray) with an ApiTransport', () => {
    const { link, router } = wired();
    const transport = router.transport(0);
    const got: ServerFrame[] = [];
    transport.onFrame((f) => got.push(f));
    transport.send({ kind: 'request', id: 1, method: 'status.get', params: {} });
    expect(link.sent).toEqual([{ type: 'request', client: 0, frame: { kind: 'request', id: 1, method: 'status.get', params: {} } }]);
    link.message({ type: 'response', client: 0, frame: { kind: 'response', id: 1, ok: true, result: 1 } });
    link.message({ type: 'response', client: OURS, frame: { kind: 'response', id: 1, ok: true, result: 2 } });
    expect(got).toEqual([{ kind: 'response', id: 1, ok: true, result: 1 }]);
  });
});
