// How long the owner has left the machine alone. Only a desktop session knows (Electron's
// powerMonitor.getSystemIdleTime(), passed over the utility port); a headless Island has none,
// and idle-only mode then says so instead of guessing.

export interface IdleSource {
  /** Seconds since the last keyboard or mouse input, or null when unknown right now. */
  idleSeconds(): number | null;
  /** Why there is no reading (shown as the availability reason), when idleSeconds() is null. */
  readonly unavailableReason: string;
}

export const NO_IDLE_SOURCE: IdleSource = {
  idleSeconds: () => null,
  unavailableReason: 'Idle-only mode needs the desktop app to know when the computer is idle; a headless Island cannot tell, so it takes no jobs',
};

/** Fed by whoever knows the idle time (the desktop pushes readings); stale readings count as unknown. */
export class PushedIdleSource implements IdleSource {
  private last: { seconds: number; at: number } | null = null;
  readonly unavailableReason = 'Idle-only mode: waiting for the desktop app to report how long the computer has been idle';

  constructor(
    private readonly now: () => number = Date.now,
    private readonly staleAfterMs = 120_000,
  ) {}

  push(seconds: number): void {
    if (Number.isFinite(seconds) && seconds >= 0) this.last = { seconds, at: this.now() };
  }

  idleSeconds(): number | null {
    if (!this.last) return null;
    const age = this.now() - this.last.at;
    if (age > this.staleAfterMs) return null;
    return this.last.seconds + age / 1000;
  }
}
