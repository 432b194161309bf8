// Job messages (status, output, progress, images, lease renewals) that must outlive a lost
// connection. nats.js drops whatever it queued while reconnecting (every dial resets its outbound
// buffer), so a job streaming through a nats-server restart would lose its output and even its
// final status. The outbox keeps each message until a flush (PING/PONG) proves the server holds
// it, and after a reconnect sends the unproven ones again, in order, before anything newer.
import type { Logger } from '../log/logger';

/** What the outbox needs of the connection; injected, so unit tests can fake a server. */
export interface OutboxWire {
  /** Hands the message to the client; throws when the connection is closed. */
  publish(subject: string, payload: string): void;
  /** Resolves once the server has everything published before the call; rejects when the connection drops first. */
  flush(): Promise<void>;
}

interface Pending {
  subject: string;
  payload: string;
  bytes: number;
  droppable: boolean;
}

export interface OutboxOptions {
  /** The live connection, or null while there is none. */
  wire(): OutboxWire | null;
  log: Logger;
  /**
   * What a long outage may hold. Past it, output chunks, progress and images are dropped (the job
   * is then reported failed, see OutboxReporter); statuses and lease renewals are always kept.
   */
  maxBytes?: number;
}

export const DEFAULT_OUTBOX_BYTES = 32 * 1024 * 1024;

export class Outbox {
  private readonly queue: Pending[] = [];
  /** How many of the queue's head were handed to the current connection. */
  private sent = 0;
  private bytes = 0;
  private up = false;
  private flushing = false;
  /** Bumped on every link change, so a flush that straddles one confirms nothing. */
  private epoch = 0;
  private readonly dropped = new Map<string, number>();
  private readonly idle = new Set<() => void>();
  private readonly maxBytes: number;

  constructor(private readonly opts: OutboxOptions) {
    this.maxBytes = opts.maxBytes ?? DEFAULT_OUTBOX_BYTES;
  }

  /** Messages not yet proven to be on the server. */
  get unconfirmed(): number {
    return this.queue.length;
  }

  /** How many of this job's droppable messages an outage cost it. */
  droppedFor(jobId: string): number {
    return this.dropped.get(jobId) ?? 0;
  }

  /** Forgets a finished job's drop count. */
  forget(jobId: string): void {
    this.dropped.delete(jobId);
  }

  send(subject: string, payload: string, droppable: boolean): void {
    const bytes = subject.length + payload.length;
    if (droppable && this.bytes + bytes > this.maxBytes) {
      this.drop(payload);
      return;
    }
    this.queue.push({ subject, payload, bytes, droppable });
    this.bytes += bytes;
    this.pump();
  }

  linkUp(): void {
    this.epoch += 1;
    this.up = true;
    this.sent = 0;
    if (this.queue.length > 0) this.opts.log.info('sending job messages held while the coordinator was unreachable', { messages: this.queue.length });
    this.pump();
  }

  linkDown(): void {
    this.epoch += 1;
    this.up = false;
    this.sent = 0;
  }

  /** Resolves once every message is confirmed, or after `timeoutMs`; returns how many are left. */
  async settle(timeoutMs: number): Promise<number> {
    if (this.queue.length > 0) {
      await new Promise<void>((resolve) => {
        const done = (): void => {
          clearTimeout(timer);
          this.idle.delete(done);
          resolve();
        };
        const timer = setTimeout(done, timeoutMs);
        this.idle.add(done);
      });
    }
    return this.queue.length;
  }

  private pump(): void {
    if (!this.up) return;
    const wire = this.opts.wire();
    if (!wire) return;
    while (this.sent < this.queue.length) {
      const m = this.queue[this.sent]!;
      try {
        wire.publish(m.subject, m.payload);
      } catch {
        return; // closed under us: the link's status change follows
      }
      this.sent += 1;
    }
    this.confirm(wire);
  }

  private confirm(wire: OutboxWire): void {
    if (this.flushing || this.sent === 0) return;
    this.flushing = true;
    const epoch = this.epoch;
    const upTo = this.sent;
    wire.flush().then(
      () => {
        this.flushing = false;
        if (epoch !== this.epoch) return this.pump();
        for (const m of this.queue.splice(0, upTo)) this.bytes -= m.bytes;
        this.sent -= upTo;
        if (this.queue.length === 0) for (const done of [...this.idle]) done();
        else this.pump();
      },
      () => {
        // The connection dropped: everything unconfirmed goes again after the reconnect.
        this.flushing = false;
        if (epoch !== this.epoch) this.pump();
      },
    );
  }

  private drop(payload: string): void {
    const jobId = jobIdOf(payload);
    const before = this.dropped.get(jobId) ?? 0;
    this.dropped.set(jobId, before + 1);
    if (before === 0) {
      this.opts.log.warn('the coordinator has been unreachable too long: dropping this job’s output; it will be reported failed', {
        job_id: jobId,
        held_bytes: this.bytes,
      });
    }
  }
}

function jobIdOf(payload: string): string {
  try {
    const v: unknown = JSON.parse(payload);
    if (typeof v === 'object' && v !== null && 'job_id' in v && typeof v.job_id === 'string') return v.job_id;
  } catch {
    // fall through
  }
  return '(unknown job)';
}
