// Where jobs come from (§2.2). Preferred: the durable pull consumer `host-{id}` on stream JOBS,
// pulling one message at a time and only while a job slot is free, so that jobs beyond capacity
// stay in the coordinator's stream. Fallback: a core subscription on `host.{id}.jobs`, used only
// while JetStream cannot be set up, and given up for JetStream as soon as it works again
// (after a reconnect, or on a periodic retry) — the Rust Island never goes back (§12.2 item 17).
import { errorMessage } from '../../../src-shared/errors';
import { AckPolicy, jetstream, jetstreamManager, type Consumer } from '@nats-io/jetstream';
import type { NatsConnection, Subscription } from '@nats-io/nats-core';
import { Backoff } from '../../../src-shared/domain/backoff';
import { consumerName, JOBS_STREAM, type HostSubjects } from '../../../src-shared/protocol/subjects';
import type { JobEngine } from '../jobs/job-engine';
import type { Logger } from '../log/logger';

export type JobSourceMode =
  | { type: 'stopped' }
  | { type: 'paused' }
  | { type: 'jetstream'; consumer: string }
  | { type: 'core'; reason: string };

export interface JobSourceOptions {
  nc: NatsConnection;
  hostId: string;
  subjects: HostSubjects;
  engine: JobEngine;
  log: Logger;
  /** How often a core-NATS fallback tries JetStream again (a reconnect also triggers a try). */
  retryJetStreamMs?: number;
  /** Pull request lifetime; the server holds it until a job arrives or it expires. */
  pullExpiresMs?: number;
  onMode?: (mode: JobSourceMode) => void;
}

const SECOND_NS = 1_000_000_000;

export class JobSource {
  private modeNow: JobSourceMode = { type: 'stopped' };
  private running = false;
  private paused = false;
  private abort = new AbortController();
  private coreSub: Subscription | null = null;
  private wake: (() => void) | null = null;
  private readonly backoff = new Backoff({ initialMs: 1_000, maxMs: 30_000 });
  private loop: Promise<void> | null = null;
  private stopPull: (() => void) | null = null;
  private markReady: () => void = () => {};
  private readonly readyOnce = new Promise<void>((resolve) => (this.markReady = resolve));

  constructor(private readonly opts: JobSourceOptions) {}

  /**
   * Resolves once jobs can reach this Island: the consumer exists, or the core subscription is
   * known to the server, or the source is paused. Registering before that would let a
   * coordinator dispatch to a subject nobody listens on yet (core NATS drops it).
   */
  ready(): Promise<void> {
    return this.readyOnce;
  }

  get mode(): JobSourceMode {
    return this.modeNow;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  /** Stops taking jobs (running ones go on). The consumer stops pulling; core delivery unsubscribes. */
  pause(): void {
    if (this.paused) return;
    this.paused = true;
    this.interrupt();
    this.setMode({ type: 'paused' });
  }

  resume(): void {
    if (!this.paused) return;
    this.paused = false;
    this.kick();
  }

  /** Called on reconnect: re-check JetStream now instead of waiting for the retry timer. */
  kick(): void {
    this.wake?.();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.interrupt();
    this.dropCore();
    await this.loop;
    this.setMode({ type: 'stopped' });
  }

  private interrupt(): void {
    this.abort.abort();
    this.abort = new AbortController();
    this.stopPull?.();
    this.wake?.();
  }

  private async run(): Promise<void> {
    const { log } = this.opts;
    while (this.running) {
      if (this.paused) {
        this.dropCore();
        this.markReady();
        await this.sleep(Infinity);
        continue;
      }
      const setup = await this.setUpJetStream();
      if (!this.running || this.paused) continue;
      if ('error' in setup) {
        await this.useCore(setup.error);
        this.markReady();
        await this.sleep(this.opts.retryJetStreamMs ?? 30_000);
        continue;
      }
      this.markReady();
      this.dropCore();
      this.setMode({ type: 'jetstream', consumer: consumerName(this.opts.hostId) });
      try {
        await this.pull(setup.consumer);
        this.backoff.reset();
      } catch (err) {
        if (!this.running || this.paused) continue;
        const wait = this.backoff.next();
        log.warn('job pull failed; setting JetStream up again', { error: errorMessage(err), retry_in_ms: wait });
        await this.sleep(wait);
      }
    }
  }

  /** Finds stream JOBS and the durable consumer, creating the consumer if it does not exist. */
  private async setUpJetStream(): Promise<{ consumer: Consumer } | { error: string }> {
    const { nc, hostId, subjects, log } = this.opts;
    const name = consumerName(hostId);
    try {
      const jsm = await jetstreamManager(nc, { timeout: 5_000 });
      await jsm.streams.info(JOBS_STREAM);
      try {
        await jsm.consumers.info(JOBS_STREAM, name);
      } catch (err) {
        if (!isNotFound(err)) throw err;
        // An existing consumer is used as it is, whatever its config (as the Rust Island does).
        await jsm.consumers.add(JOBS_STREAM, {
          durable_name: name,
          filter_subject: subjects.jobs,
          ack_policy: AckPolicy.Explicit,
          max_deliver: 5,
          ack_wait: 60 * SECOND_NS,
        });
        log.info('created the JetStream job consumer', { stream: JOBS_STREAM, consumer: name });
      }
      const consumer = await jetstream(nc, { timeout: 5_000 }).consumers.get(JOBS_STREAM, name);
      return { consumer };
    } catch (err) {
      return { error: errorMessage(err) };
    }
  }

  /** Pulls one job at a time, each only once a job slot is free. Returns when paused or stopped. */
  private async pull(consumer: Consumer): Promise<void> {
    const { engine } = this.opts;
    while (this.running && !this.paused) {
      let release: (() => void) | null;
      try {
        release = await engine.slots.acquire(this.abort.signal);
      } catch {
        return; // interrupted while waiting for a slot
      }
      let handedOff = false;
      try {
        const batch = await consumer.fetch({ max_messages: 1, expires: this.opts.pullExpiresMs ?? 30_000 });
        this.stopPull = () => batch.stop();
        for await (const m of batch) {
          if (!this.running || this.paused || !engine.isAccepting) {
            // Received after we stopped taking jobs: hand it back to the stream for another try.
            m.nak();
            continue;
          }
          m.ack();
          handedOff = true;
          engine.runWithSlot(m.data, release);
        }
      } finally {
        this.stopPull = null;
        if (!handedOff) release();
      }
    }
  }

  private async useCore(reason: string): Promise<void> {
    const { nc, subjects, engine, log } = this.opts;
    if (!this.coreSub) {
      log.warn('JetStream job delivery is unavailable; using core NATS until it is back', { reason });
      const sub = nc.subscribe(subjects.jobs, {
        callback: (err, msg) => {
          if (err) return log.warn('core job subscription error', { error: errorMessage(err) });
          engine.enqueue(msg.data);
        },
      });
      this.coreSub = sub;
      // The server can close a subscription (a permissions error): subscribe again on the next try.
      void sub.closed.then((err) => {
        if (this.coreSub !== sub) return;
        this.coreSub = null;
        if (err) log.error('the core job subscription was closed by the server', { error: errorMessage(err) });
        this.kick();
      });
      // Until the server has the SUB, a job published to this subject would be dropped.
      await nc.flush().catch(() => undefined);
    }
    this.setMode({ type: 'core', reason });
  }

  private dropCore(): void {
    if (!this.coreSub) return;
    this.coreSub.unsubscribe();
    this.coreSub = null;
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = Number.isFinite(ms) ? setTimeout(done, ms) : undefined;
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wake = () => {
        this.wake = null;
        done();
      };
    });
  }

  private setMode(mode: JobSourceMode): void {
    const prev = this.modeNow;
    this.modeNow = mode;
    if (prev.type !== mode.type) {
      if (mode.type === 'jetstream') this.opts.log.info('taking jobs from JetStream', { consumer: mode.consumer });
      this.opts.onMode?.(mode);
    }
  }
}

function isNotFound(err: unknown): boolean {
  const e = err as { name?: string; code?: number; api_error?: { err_code?: number } };
  return e?.name === 'ConsumerNotFoundError' || e?.api_error?.err_code === 10014 || e?.code === 404;
}

