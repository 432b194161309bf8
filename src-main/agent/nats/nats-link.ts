// The Island's one connection to the coordinator's NATS server. It connects in the background
// (start-up never waits on the network), reconnects forever with backoff and jitter, and turns
// the client's status stream into a small discriminated union the UI and the log can show.
import { errorMessage } from '../../../src-shared/errors';
import { connect } from '@nats-io/transport-node';
import type { ConnectionOptions, NatsConnection } from '@nats-io/nats-core';
import { parseNatsUrl } from '../../../src-shared/protocol/nats-url';
import { Backoff } from '../../../src-shared/domain/backoff';
import type { Logger } from '../log/logger';
import type { OutboxWire } from './outbox';

export type LinkStatus =
  | { type: 'connecting'; server: string }
  | { type: 'connected'; server: string }
  | { type: 'disconnected'; server: string }
  | { type: 'reconnected'; server: string }
  | { type: 'closed'; error?: string };

/**
 * A server `-ERR` (e.g. a permissions violation) that did not end the connection: the link stays
 * up, so it is kept beside the status rather than replacing it.
 */
export interface LinkError {
  message: string;
  at: number;
}

const ERROR_LOG_EVERY_MS = 60_000;

export interface NatsLinkOptions {
  natsUrl: string;
  hostId: string;
  log: Logger;
  /** Handshake timeout per attempt (the Rust Island uses 10 s). */
  connectTimeoutMs?: number;
  pingIntervalMs?: number;
}

export class NatsLink {
  private nc: NatsConnection | null = null;
  private current: LinkStatus;
  private readonly listeners = new Set<(s: LinkStatus) => void>();
  private readonly backoff = new Backoff({ initialMs: 250, maxMs: 4_000 });
  private closing = false;
  private cancelPause: (() => void) | null = null;
  private lastErrorNow: LinkError | null = null;
  private readonly errorLoggedAt = new Map<string, number>();
  private readonly firstConnect: Promise<NatsConnection>;
  private readonly display: string;

  constructor(private readonly opts: NatsLinkOptions) {
    const parsed = parseNatsUrl(opts.natsUrl);
    this.display = parsed.url;
    this.current = { type: 'connecting', server: this.display };
    this.firstConnect = this.connectLoop(parsed);
    this.firstConnect.catch((err: unknown) => {
      if (!this.closing) opts.log.error('cannot connect to the coordinator', { server: this.display, error: String(err) });
      this.set({ type: 'closed', error: String(err) });
    });
  }

  get status(): LinkStatus {
    return this.current;
  }

  get lastError(): LinkError | null {
    return this.lastErrorNow;
  }

  /** Resolves once the first connection is up (it may never be, if the server never answers). */
  ready(): Promise<NatsConnection> {
    return this.firstConnect;
  }

  onStatus(fn: (s: LinkStatus) => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  /** Publishes; returns false (and logs at debug) when there is no connection yet. */
  publish(subject: string, payload: string): boolean {
    if (!this.nc || this.nc.isClosed()) {
      this.opts.log.debug('not connected; message not sent', { subject });
      return false;
    }
    try {
      this.nc.publish(subject, payload);
      return true;
    } catch (err) {
      this.opts.log.warn('publish failed', { subject, error: String(err) });
      return false;
    }
  }

  /** The connection as the outbox uses it, or null while there is none. */
  wire(): OutboxWire | null {
    const nc = this.nc;
    if (!nc || nc.isClosed()) return null;
    return { publish: (subject, payload) => nc.publish(subject, payload), flush: () => nc.flush() };
  }

  /** Drains subscriptions and flushes what is buffered, then closes. */
  async close(): Promise<void> {
    this.closing = true;
    this.cancelPause?.();
    const nc = this.nc;
    if (!nc || nc.isClosed()) return;
    try {
      await nc.drain();
    } catch (err) {
      this.opts.log.debug('drain failed; closing', { error: String(err) });
      await nc.close().catch(() => undefined);
    }
  }

  private connectOptions(parsed: ReturnType<typeof parseNatsUrl>): ConnectionOptions {
    const tls = parsed.url.startsWith('tls://');
    return {
      servers: parsed.url,
      name: `island-${this.opts.hostId.slice(0, 8)}`,
      ...(parsed.user !== null ? { user: parsed.user } : {}),
      ...(parsed.pass !== null ? { pass: parsed.pass } : {}),
      ...(tls ? { tls: {} } : {}),
      timeout: this.opts.connectTimeoutMs ?? 10_000,
      pingInterval: this.opts.pingIntervalMs ?? 10_000,
      maxReconnectAttempts: -1,
      // A wrong password is worth retrying: the owner may fix the server side without restarting us.
      ignoreAuthErrorAbort: true,
      reconnectDelayHandler: () => this.backoff.next(),
    };
  }

  /**
   * The first connection is our own retry loop rather than the client's `waitOnFirstConnect`,
   * which cannot be cancelled: an Island stopped before it ever reached the coordinator must
   * still exit. Once connected, the client reconnects by itself.
   */
  private async connectLoop(parsed: ReturnType<typeof parseNatsUrl>): Promise<NatsConnection> {
    const { log } = this.opts;
    log.info('connecting to the coordinator', { server: this.display });
    const backoff = new Backoff({ initialMs: 250, maxMs: 4_000 });
    let attempts = 0;
    for (;;) {
      if (this.closing) throw new Error('stopped before the coordinator could be reached');
      try {
        const nc = await connect(this.connectOptions(parsed));
        if (this.closing) {
          await nc.close().catch(() => undefined);
          throw new Error('stopped before the coordinator could be reached');
        }
        this.nc = nc;
        this.set({ type: 'connected', server: nc.getServer() });
        void this.watch(nc);
        return nc;
      } catch (err) {
        if (this.closing) throw err;
        attempts += 1;
        // Say it once loudly, then quietly: an Island may wait hours for its coordinator.
        const fields = { server: this.display, error: errorMessage(err), attempts };
        if (attempts === 1) log.warn('cannot reach the coordinator yet; retrying', fields);
        else log.debug('still cannot reach the coordinator', fields);
        await this.pause(backoff.next());
      }
    }
  }

  private pause(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.cancelPause = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }

  private async watch(nc: NatsConnection): Promise<void> {
    for await (const s of nc.status()) {
      switch (s.type) {
        case 'disconnect':
          this.set({ type: 'disconnected', server: s.server });
          break;
        case 'reconnect':
          this.backoff.reset();
          this.set({ type: 'reconnected', server: s.server });
          break;
        case 'error':
          this.serverError(errorMessage(s.error));
          break;
        case 'staleConnection':
          this.opts.log.warn('the coordinator stopped answering pings; reconnecting', { server: this.display });
          break;
        default:
          break;
      }
    }
    const err = await nc.closed();
    this.set({ type: 'closed', ...(err ? { error: err.message } : {}) });
    if (!this.closing) this.opts.log.error('the NATS connection closed unexpectedly', { error: err?.message });
  }

  private serverError(message: string): void {
    const now = Date.now();
    this.lastErrorNow = { message, at: now };
    // A permissions error repeats on every publish; say it once a minute, not every 10 s.
    if (now - (this.errorLoggedAt.get(message) ?? 0) >= ERROR_LOG_EVERY_MS) {
      this.errorLoggedAt.set(message, now);
      this.opts.log.error('NATS server error', { server: this.display, error: message });
    }
    this.notify(this.current);
  }

  private set(s: LinkStatus): void {
    this.current = s;
    const log = this.opts.log;
    switch (s.type) {
      case 'connected':
      case 'reconnected':
        log.info(s.type === 'connected' ? 'connected to the coordinator' : 'reconnected to the coordinator', { server: s.server });
        break;
      case 'disconnected':
        if (!this.closing) log.warn('lost the coordinator connection; reconnecting', { server: s.server });
        break;
      default:
        break;
    }
    this.notify(s);
  }

  private notify(s: LinkStatus): void {
    const log = this.opts.log;
    for (const fn of this.listeners) {
      try {
        fn(s);
      } catch (err) {
        log.error('status listener failed', { error: String(err) });
      }
    }
  }
}

