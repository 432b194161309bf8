// Waiting for something the Island does: every recorded event calls notify(), which re-runs the
// pending probes at once; a slow poll also re-runs them, for probes that look at things outside
// the coordinator (a test's own subscriber, the clock). A timeout says what was awaited and what
// was seen instead, because "timed out" alone sends the reader into the logs.

const POLL_MS = 25;

interface Pending {
  check(): void;
  fail(err: Error): void;
}

export class Waiters {
  private readonly pending = new Set<Pending>();
  private closed = false;

  notify(): void {
    for (const p of [...this.pending]) p.check();
  }

  /**
   * Resolves with the first truthy value of `probe`, checked now and after every event.
   * `seen` describes the current state for the timeout message.
   */
  waitFor<T>(what: string, probe: () => T | null | undefined | false, seen: () => string, timeoutMs: number): Promise<T> {
    if (this.closed) return Promise.reject(new Error(`coordinator is closed; cannot wait for ${what}`));
    return new Promise<T>((resolve, reject) => {
      const started = Date.now();
      const entry: Pending = {
        check: () => {
          let value: T | null | undefined | false;
          try {
            value = probe();
          } catch (err) {
            done();
            reject(err instanceof Error ? err : new Error(String(err)));
            return;
          }
          if (value) {
            done();
            resolve(value);
          }
        },
        fail: (err) => {
          done();
          reject(err);
        },
      };
      const timer = setTimeout(() => {
        entry.fail(new Error(`Timed out after ${Date.now() - started} ms waiting for ${what}.\nSaw: ${seen()}`));
      }, timeoutMs);
      const poll = setInterval(() => entry.check(), POLL_MS);
      const done = (): void => {
        clearTimeout(timer);
        clearInterval(poll);
        this.pending.delete(entry);
      };
      this.pending.add(entry);
      entry.check();
    });
  }

  /** Reject everything still waiting; later waits reject at once. */
  close(): void {
    this.closed = true;
    for (const p of [...this.pending]) p.fail(new Error('coordinator closed while waiting'));
  }
}
