// Download progress for the dashboard at a pace it can draw: at most one event per interval per
// download (4 per second by default), the last figures always delivered by the final event.

export class ProgressThrottle {
  private last = -Infinity;

  constructor(
    private readonly intervalMs = 250,
    private readonly now: () => number = Date.now,
  ) {}

  /** True when an event may be sent now; counts it as sent. */
  take(): boolean {
    const t = this.now();
    if (t - this.last < this.intervalMs) return false;
    this.last = t;
    return true;
  }
}
