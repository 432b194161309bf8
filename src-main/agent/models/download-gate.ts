// Preloads never delay a job. A preload download uses the network only while no job download
// runs, one preload at a time; when a job download starts, the running preload is paused (its
// request aborted, its bytes kept) and resumes with Range once every job download is done. A
// preload that a job comes to need is promoted: it stops waiting and is never paused again.
import type { DownloadTurns } from './downloader';

export type DownloadPriority = 'job' | 'preload';

export class DownloadGate {
  private jobs = 0;
  private running: GateTicket | null = null;
  private readonly waiting: GateTicket[] = [];

  /** One per download; a job ticket counts as a running job download until closed. */
  ticket(priority: DownloadPriority): GateTicket {
    const t = new GateTicket(this, priority);
    if (priority === 'job') this.jobStarted();
    return t;
  }

  get jobDownloads(): number {
    return this.jobs;
  }

  /** @internal */
  jobStarted(): void {
    this.jobs += 1;
    this.running?.pause();
  }

  /** @internal */
  jobEnded(): void {
    this.jobs -= 1;
    this.pump();
  }

  /** @internal a waiting or running preload became a job download */
  promoted(t: GateTicket): void {
    this.jobs += 1;
    const i = this.waiting.indexOf(t);
    if (i >= 0) this.waiting.splice(i, 1);
    if (this.running === t) this.running = null;
    else this.running?.pause();
  }

  /** @internal */
  enqueue(t: GateTicket): void {
    this.waiting.push(t);
    this.pump();
  }

  /** @internal */
  leave(t: GateTicket): void {
    const i = this.waiting.indexOf(t);
    if (i >= 0) this.waiting.splice(i, 1);
    if (this.running === t) this.running = null;
    this.pump();
  }

  private pump(): void {
    if (this.jobs > 0 || this.running !== null) return;
    const next = this.waiting.shift();
    if (!next) return;
    this.running = next;
    next.admit();
  }
}

export class GateTicket implements DownloadTurns {
  private pauseCtl: AbortController | null = null;
  private wake: ((signal: AbortSignal | null) => void) | null = null;
  private closed = false;

  constructor(
    private readonly gate: DownloadGate,
    private prio: DownloadPriority,
  ) {}

  get priority(): DownloadPriority {
    return this.prio;
  }

  take(signal: AbortSignal): Promise<AbortSignal | null> {
    if (this.prio === 'job' || this.closed) return Promise.resolve(null);
    return new Promise<AbortSignal | null>((resolve, reject) => {
      const onAbort = () => {
        this.wake = null;
        this.gate.leave(this);
        reject(signal.reason);
      };
      if (signal.aborted) return onAbort();
      signal.addEventListener('abort', onAbort, { once: true });
      this.wake = (s) => {
        signal.removeEventListener('abort', onAbort);
        this.wake = null;
        resolve(s);
      };
      this.gate.enqueue(this);
    });
  }

  give(): void {
    this.pauseCtl = null;
    if (this.prio === 'preload') this.gate.leave(this);
  }

  /** A job now waits for this download: it runs at once and is never paused again. */
  promote(): void {
    if (this.prio === 'job' || this.closed) return;
    this.prio = 'job';
    this.gate.promoted(this);
    this.wake?.(null);
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    if (this.prio === 'job') this.gate.jobEnded();
    else this.gate.leave(this);
  }

  /** @internal the gate lets this preload run now */
  admit(): void {
    this.pauseCtl = new AbortController();
    const wake = this.wake;
    if (wake) wake(this.pauseCtl.signal);
    else this.gate.leave(this); // it stopped waiting meanwhile
  }

  /** @internal a job download started */
  pause(): void {
    this.pauseCtl?.abort(new Error('paused for a job download'));
  }
}
