// The headless dashboard's transport: one WebSocket to the agent at a time, reopened with backoff
// when it drops. A page the agent refuses (wrong or expired token) stops retrying and says so,
// because no amount of retrying fixes a token. Browsers hide the HTTP status of a refused upgrade,
// so a socket that never opened is judged by asking whether the server that served this page still
// answers: if it does, the socket was refused, not lost.
import { Backoff } from '../../../src-shared/domain/backoff';
import type { ApiTransport } from '../../../src-shared/api/client';
import type { RequestFrame, ServerFrame } from '../../../src-shared/api/frames';
import { ConnectionStore, type ConnectionState } from './connection';
import { parseServerFrame } from './server-frame';

/** Close codes that mean "this page may not talk to the agent" (4401 is the Island's, 1008 policy). */
export const REFUSED_CLOSE_CODES: readonly number[] = [4401, 4403, 1008];
const OPEN = 1;

/** The part of the DOM WebSocket this transport uses (a fake in tests). */
export interface SocketLike {
  readonly readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  onopen: ((ev: unknown) => void) | null;
  onmessage: ((ev: { data: unknown }) => void) | null;
  onclose: ((ev: { code: number; reason: string }) => void) | null;
  onerror: ((ev: unknown) => void) | null;
}

export interface Timers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export interface SocketTransportOptions {
  url: string;
  createSocket?: (url: string) => SocketLike;
  /** Whether the page's own server answers right now. */
  serverAnswers?: () => Promise<boolean>;
  backoff?: Backoff;
  timers?: Timers;
  now?: () => number;
  /** Frames kept while the socket is (re)opening; beyond this a send fails at once. */
  maxQueued?: number;
  warn?: (message: string) => void;
}

const browserTimers: Timers = {
  setTimeout: (fn, ms) => globalThis.setTimeout(fn, ms),
  clearTimeout: (h) => globalThis.clearTimeout(h as ReturnType<typeof setTimeout>),
};

export class SocketTransport implements ApiTransport {
  readonly connection = new ConnectionStore({ kind: 'connecting' });
  private socket: SocketLike | null = null;
  private opened = false;
  private epoch = 0;
  private stopped = false;
  private retryTimer: unknown = null;
  private queue: string[] = [];
  private readonly frameListeners = new Set<(f: ServerFrame) => void>();
  private readonly closeListeners = new Set<(reason: string) => void>();
  private readonly createSocket: (url: string) => SocketLike;
  private readonly backoff: Backoff;
  private readonly timers: Timers;
  private readonly now: () => number;
  private readonly warn: (message: string) => void;

  constructor(private readonly opts: SocketTransportOptions) {
    this.createSocket = opts.createSocket ?? ((url) => new WebSocket(url) as unknown as SocketLike);
    this.backoff = opts.backoff ?? new Backoff({ initialMs: 500, maxMs: 15_000 });
    this.timers = opts.timers ?? browserTimers;
    this.now = opts.now ?? Date.now;
    this.warn = opts.warn ?? ((m) => console.warn(m));
  }

  start(): void {
    if (this.socket || this.stopped) return;
    this.open();
  }

  stop(): void {
    this.stopped = true;
    if (this.retryTimer !== null) this.timers.clearTimeout(this.retryTimer);
    this.socket?.close(1000, 'dashboard closed');
  }

  send(frame: RequestFrame): void {
    const text = JSON.stringify(frame);
    if (this.socket && this.socket.readyState === OPEN) return this.socket.send(text);
    const state = this.connection.state();
    if (this.stopped || state.kind === 'refused' || state.kind === 'no-token') throw new Error('not connected to the Island');
    if (this.queue.length >= (this.opts.maxQueued ?? 200)) throw new Error('not connected to the Island (too many requests waiting)');
    this.queue.push(text);
  }

  onFrame(fn: (frame: ServerFrame) => void): () => void {
    this.frameListeners.add(fn);
    return () => this.frameListeners.delete(fn);
  }

  onClose(fn: (reason: string) => void): () => void {
    this.closeListeners.add(fn);
    return () => this.closeListeners.delete(fn);
  }

  private open(): void {
    this.retryTimer = null;
    this.opened = false;
    const socket = this.createSocket(this.opts.url);
    this.socket = socket;
    socket.onopen = () => this.handleOpen(socket);
    socket.onmessage = (ev) => this.handleMessage(ev.data);
    socket.onclose = (ev) => void this.handleClose(socket, ev.code, ev.reason);
    // An error is always followed by a close, which carries what there is to know.
    socket.onerror = () => undefined;
  }

  private handleOpen(socket: SocketLike): void {
    if (socket !== this.socket) return;
    this.opened = true;
    this.epoch += 1;
    this.backoff.reset();
    this.set({ kind: 'open', epoch: this.epoch });
    const queued = this.queue;
    this.queue = [];
    for (const text of queued) socket.send(text);
  }

  private handleMessage(data: unknown): void {
    const parsed = parseServerFrame(data);
    if (!parsed.ok) return this.warn(`Island API: dropped a frame: ${parsed.problem}`);
    for (const fn of [...this.frameListeners]) fn(parsed.frame);
  }

  private async handleClose(socket: SocketLike, code: number, reason: string): Promise<void> {
    if (socket !== this.socket) return;
    this.socket = null;
    const wasOpen = this.opened;
    const why = reason || (wasOpen ? `connection lost (code ${code})` : `could not connect (code ${code})`);
    // Every call waiting now is failed by the client (queued ones included), so the queue goes too.
    this.queue = [];
    for (const fn of [...this.closeListeners]) fn(why);
    if (this.stopped) return;
    if (REFUSED_CLOSE_CODES.includes(code)) return this.set({ kind: 'refused', reason: reason || `the Island refused this page (code ${code})` });
    if (!wasOpen && this.opts.serverAnswers && (await this.opts.serverAnswers().catch(() => false))) {
      return this.set({ kind: 'refused', reason: 'the Island answers but refused the connection' });
    }
    if (this.stopped) return;
    const delay = this.backoff.next();
    this.set({ kind: 'reconnecting', epoch: this.epoch, attempt: this.backoff.attempts, retryAt: this.now() + delay, reason: why });
    this.retryTimer = this.timers.setTimeout(() => this.open(), delay);
  }

  private set(state: ConnectionState): void {
    this.connection.set(state);
  }
}
