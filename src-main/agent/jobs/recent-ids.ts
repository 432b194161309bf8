// A bounded, time-limited memory of job ids: which jobs ran recently (to drop a redelivered
// duplicate instead of running it twice) and which were cancelled before they arrived.

export class RecentIds<V> {
  private readonly entries = new Map<string, { value: V; expiresAt: number }>();

  constructor(
    private readonly ttlMs: number,
    private readonly maxEntries: number,
    private readonly now: () => number = Date.now,
  ) {}

  set(id: string, value: V): void {
    this.entries.delete(id);
    this.entries.set(id, { value, expiresAt: this.now() + this.ttlMs });
    this.prune();
  }

  get(id: string): V | undefined {
    const e = this.entries.get(id);
    if (!e) return undefined;
    if (e.expiresAt <= this.now()) {
      this.entries.delete(id);
      return undefined;
    }
    return e.value;
  }

  delete(id: string): void {
    this.entries.delete(id);
  }

  private prune(): void {
    const now = this.now();
    // Map iteration is insertion order, so the oldest entries come first.
    for (const [id, e] of this.entries) {
      if (this.entries.size > this.maxEntries || e.expiresAt <= now) this.entries.delete(id);
      else break;
    }
  }
}
