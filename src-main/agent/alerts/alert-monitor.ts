// The owner's alerts, as the running Island sees them: it follows the Island's snapshots (link,
// paused, runtimes) and job events (the failure streak, the last job), reads the disk every few
// minutes and the update check when asked, and lets the pure rules (src-shared/domain/alerts)
// decide. Each alert is a log line (headless) and an Island event the dashboard pushes as an
// ApiEvent `alert` (the desktop shows it as an OS notification). One timer, armed at the rules'
// nextCheckAt, covers the time-based alerts; nothing polls for them.
import {
  DEFAULT_ALERT_THRESHOLDS,
  evaluateAlerts,
  nextStreak,
  NO_STREAK,
  type Alert,
  type AlertMemory,
  type AlertThresholds,
  type FailureStreak,
  type IdleHints,
} from '../../../src-shared/domain/alerts/index';
import { errorMessage } from '../../../src-shared/errors';
import { SYSTEM_CLOCK, type Clock, type TimerHandle } from '../availability/clock';
import type { IslandSnapshot } from '../island-snapshot';
import type { JobEvent } from '../jobs/job-engine';
import type { Logger } from '../log/logger';

export interface DiskSpace {
  freeBytes: number;
  totalBytes: number;
}

export interface AlertSources {
  disk?: () => Promise<DiskSpace | null>;
  /** A newer version the update check found, or null. */
  update?: () => { version: string; critical: boolean } | null;
  /** Prices above the market rate and karma, from the coordinator's HTTP API, when configured. */
  market?: () => Promise<Pick<IdleHints, 'pricesAboveMarket' | 'karma'>>;
}

export interface AlertMonitorOptions {
  log: Logger;
  emit: (alert: Alert) => void;
  sources?: AlertSources;
  clock?: Clock;
  thresholds?: Partial<AlertThresholds>;
  diskEveryMs?: number;
}

export class AlertMonitor {
  private memory: AlertMemory = {};
  private streak: FailureStreak = NO_STREAK;
  private disconnectedSince: number | null = null;
  private offeringSince: number | null = null;
  private lastJobAt: number | null = null;
  private disk: DiskSpace | null = null;
  private hints: IdleHints = { pricesAboveMarket: [], runtimesUnavailable: [], noRuntimeOffered: false, karma: null };
  private timer: TimerHandle | null = null;
  private diskTimer: TimerHandle | null = null;
  private running = false;
  private readonly clock: Clock;
  private readonly t: AlertThresholds;

  constructor(private readonly o: AlertMonitorOptions) {
    this.clock = o.clock ?? SYSTEM_CLOCK;
    this.t = { ...DEFAULT_ALERT_THRESHOLDS, ...o.thresholds };
  }

  /** Sources that appear after start (the dashboard's market rates, the update check). */
  setSources(sources: AlertSources): void {
    this.o.sources = { ...this.o.sources, ...sources };
    this.evaluate();
  }

  start(): void {
    this.running = true;
    void this.readDisk();
  }

  stop(): void {
    this.running = false;
    for (const t of [this.timer, this.diskTimer]) if (t) this.clock.clearTimeout(t);
    this.timer = this.diskTimer = null;
  }

  observe(s: IslandSnapshot): void {
    const now = this.clock.now();
    const up = s.link.type === 'connected' || s.link.type === 'reconnected';
    const down = s.link.type === 'disconnected' || s.link.type === 'closed';
    this.disconnectedSince = down ? (this.disconnectedSince ?? now) : null;
    const offering = up && s.supportedRuntimes.length > 0 && s.phase !== 'stopping' && s.phase !== 'stopped';
    this.offeringSince = offering ? (this.offeringSince ?? now) : null;
    this.hints = {
      ...this.hints,
      runtimesUnavailable: s.runtimes.flatMap((r) => (r.availability.available ? [] : [{ runtime: r.type, reason: r.availability.reason }])),
      noRuntimeOffered: s.supportedRuntimes.length === 0,
    };
    this.evaluate();
  }

  job(e: JobEvent): void {
    if (e.type === 'started') this.lastJobAt = e.at;
    else if (e.type === 'finished') this.streak = nextStreak(this.streak, e.finish.state, e.finish.error);
    else return;
    this.evaluate();
  }

  private evaluate(): void {
    if (!this.running) return;
    const now = this.clock.now();
    const r = evaluateAlerts(
      this.memory,
      {
        now,
        disconnectedSince: this.disconnectedSince,
        offeringSince: this.offeringSince,
        lastJobAt: this.lastJobAt,
        failureStreak: this.streak.count,
        lastFailure: this.streak.lastError,
        update: this.o.sources?.update?.() ?? null,
        disk: this.disk,
        hints: this.hints,
      },
      this.t,
    );
    this.memory = r.memory;
    for (const alert of r.alerts) this.raise(alert);
    if (this.timer) this.clock.clearTimeout(this.timer);
    this.timer = null;
    if (r.nextCheckAt !== null) {
      this.timer = this.clock.setTimeout(() => {
        this.timer = null;
        // The market and karma are asked for only when a "no jobs" alert may be due.
        void this.refreshMarket().finally(() => this.evaluate());
      }, r.nextCheckAt - now);
      this.timer.unref?.();
    }
  }

  private raise(alert: Alert): void {
    const line = `${alert.title}: ${alert.message}`;
    if (alert.severity === 'warning') this.o.log.warn(line, { alert: alert.kind });
    else this.o.log.info(line, { alert: alert.kind });
    try {
      this.o.emit(alert);
    } catch (err) {
      this.o.log.error('alert listener failed', { error: errorMessage(err) });
    }
  }

  private async refreshMarket(): Promise<void> {
    const market = this.o.sources?.market;
    if (!market) return;
    try {
      this.hints = { ...this.hints, ...(await market()) };
    } catch (err) {
      this.o.log.debug('market rates and karma unavailable for the no-jobs hint', { error: errorMessage(err) });
    }
  }

  private async readDisk(): Promise<void> {
    if (!this.running) return;
    try {
      this.disk = (await this.o.sources?.disk?.()) ?? null;
    } catch (err) {
      this.o.log.debug('could not read free disk space', { error: errorMessage(err) });
    }
    this.evaluate();
    if (!this.running) return;
    this.diskTimer = this.clock.setTimeout(() => void this.readDisk(), this.o.diskEveryMs ?? 10 * 60_000);
    this.diskTimer.unref?.();
  }
}
