// Admission control: a job runs only while it holds one of `size` slots. The JetStream puller
// takes a slot *before* it pulls, so jobs beyond capacity wait unpulled in this Island's part of
// the coordinator's stream instead of being taken and left waiting without a status.

export type Release = () => void;

export class Slots {
  private used = 0;
  private readonly waiters: Array<{ grant: (r: Release) => void; signal?: AbortSignal; onAbort?: () => void }> = [];
  private readonly idleWaiters: Array<() => void> = [];
  private readonly freeListeners = new Set<() => void>();

  constructor(private readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new Error(`slot capacity must be a positive integer, got ${capacity}`);
  }

  get size(): number {
    return this.capacity;
  }

  get inUse(): number {
    return this.used;
  }

  /** Called whenever a slot is released (after waiting acquirers got theirs). */
  onFree(fn: () => void): () => void {
    this.freeListeners.add(fn);
    return () => this.freeListeners.delete(fn);
  }

  tryAcquire(): Release | null {
    if (this.used >= this.capacity) return null;
    this.used += 1;
    return this.makeRelease();
  }

  /** Resolves with a release function once a slot is free; rejects with the signal's reason if aborted first. */
  acquire(signal?: AbortSignal): Promise<Release> {
    const now = this.tryAcquire();
    if (now) return Promise.resolve(now);
    return new Promise<Release>((resolve, reject) => {
      if (signal?.aborted) return reject(signal.reason);
      const waiter: { grant: (r: Release) => void; signal?: AbortSignal; onAbort?: () => void } = { grant: resolve };
      if (signal) {
        waiter.signal = signal;
        waiter.onAbort = () => {
          const i = this.waiters.indexOf(waiter);
          if (i >= 0) this.waiters.splice(i, 1);
          reject(signal.reason);
        };
        signal.addEventListener('abort', waiter.onAbort, { once: true });
      }
      this.waiters.push(waiter);
    });
  }

  /** Resolves when no slot is in use. */
  whenIdle(): Promise<void> {
    if (this.used === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private makeRelease(): Release {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.used -= 1;
      this.grantWaiters();
      if (this.used === 0) for (const w of this.idleWaiters.splice(0)) w();
      if (this.used < this.capacity) for (const fn of this.freeListeners) fn();
    };
  }

  private grantWaiters(): void {
    while (this.used < this.capacity && this.waiters.length > 0) {
      const w = this.waiters.shift()!;
      if (w.signal && w.onAbort) w.signal.removeEventListener('abort', w.onAbort);
      this.used += 1;
      w.grant(this.makeRelease());
    }
  }
}
