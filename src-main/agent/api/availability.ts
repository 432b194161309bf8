// Going online or pausing from the dashboard. The choice is saved as `[availability] mode` so a
// restart keeps it. A timed pause ("pause for 30 min") resumes by itself; it is saved as "online"
// because that is what the owner wants once it ends, so a restart during it comes back online
// (the timer itself survives nothing).
import { errorMessage } from '../../../src-shared/errors';
import type { AvailabilityMode } from '../../../src-shared/config/schema';
import type { Logger } from '../log/logger';
import { ApiFailure } from './api-failure';
import type { ConfigStore } from './config-store';
import type { IslandPort } from './island-port';

export class AvailabilityControl {
  private timer: NodeJS.Timeout | null = null;
  private until: number | null = null;

  constructor(
    private readonly island: Pick<IslandPort, 'pause' | 'resume' | 'availability'>,
    private readonly config: ConfigStore,
    private readonly log: Logger,
    private readonly now: () => number = Date.now,
  ) {}

  /** When a timed pause ends, or null. */
  get pausedUntil(): number | null {
    const manual = this.island.availability?.status().policy.manual;
    if (manual) return manual.kind === 'paused_until' ? manual.until : null;
    return this.until;
  }

  async set(mode: AvailabilityMode, forMinutes?: number): Promise<void> {
    this.clearTimer();
    const policy = this.island.availability;
    if (policy) {
      // The policy owns pausing: a manual choice is its top rule, and its timer ends a timed pause.
      const until = forMinutes === undefined ? null : this.now() + forMinutes * 60_000;
      policy.setManual(mode === 'online' ? { kind: 'online' } : until === null ? { kind: 'paused' } : { kind: 'paused_until', until });
      this.until = until;
      this.log.info(mode === 'online' ? 'going online (from the dashboard)' : until === null ? 'paused (from the dashboard)' : `paused for ${forMinutes} min (from the dashboard)`);
      return this.save(mode, forMinutes);
    }
    if (mode === 'online') {
      this.island.resume();
      this.log.info('going online (from the dashboard)');
    } else {
      this.island.pause();
      if (forMinutes !== undefined) {
        this.until = this.now() + forMinutes * 60_000;
        this.timer = setTimeout(() => this.resumeAfterTimedPause(), forMinutes * 60_000);
        this.timer.unref();
      }
      this.log.info(forMinutes === undefined ? 'paused (from the dashboard)' : `paused for ${forMinutes} min (from the dashboard)`);
    }
    return this.save(mode, forMinutes);
  }

  private async save(mode: AvailabilityMode, forMinutes: number | undefined): Promise<void> {
    const saved: AvailabilityMode = mode === 'paused' && forMinutes === undefined ? 'paused' : 'online';
    try {
      await this.config.patch((c) => ({ ...c, availability: { ...c.availability, mode: saved } }));
    } catch (err) {
      throw new ApiFailure('internal', `${mode === 'online' ? 'Online' : 'Paused'} now, but config.toml could not be saved, so a restart may not keep it: ${errorMessage(err)}`, undefined, { cause: err });
    }
  }

  close(): void {
    this.clearTimer();
  }

  private resumeAfterTimedPause(): void {
    this.timer = null;
    this.until = null;
    this.island.resume();
    this.log.info('the timed pause is over: online again');
  }

  private clearTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.until = null;
  }
}
