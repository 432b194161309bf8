// Exponential backoff with jitter. Used for NATS reconnects and JetStream recovery, so that a
// fleet of Islands that lost the same server does not reconnect in lockstep.

export interface BackoffOptions {
  initialMs: number;
  maxMs: number;
  factor?: number;
  /** Multiplier range applied to each delay, e.g. [0.75, 1.25) as the Rust Island does. */
  jitter?: [number, number];
}

export class Backoff {
  private attempt = 0;

  constructor(
    private readonly opts: BackoffOptions,
    private readonly random: () => number = Math.random,
  ) {}

  /** The delay before the next attempt; each call counts as one more failure. */
  next(): number {
    const { initialMs, maxMs, factor = 2, jitter = [0.75, 1.25] } = this.opts;
    const nominal = Math.min(maxMs, initialMs * factor ** this.attempt);
    this.attempt += 1;
    const [lo, hi] = jitter;
    return Math.round(nominal * (lo + (hi - lo) * this.random()));
  }

  reset(): void {
    this.attempt = 0;
  }

  get attempts(): number {
    return this.attempt;
  }
}
