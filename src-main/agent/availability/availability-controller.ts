// Applies the owner's availability policy to the running Island. It reads the sensors the policy
// needs (only those, every `sensorEveryMs`), asks the pure policy engine for the decision, and
// re-arms one timer at the decision's `nextCheckAt`: it never polls for time-based changes. On a
// change it pauses or resumes the Island (the job source stops or starts pulling and a heartbeat
// tells the coordinator), cancels running jobs or unloads models when the policy says so, and
// applies the power cap while available.
import {
  decideAvailability,
  INITIAL_AVAILABILITY_STATE,
  UNKNOWN_READINGS,
  type AvailabilityDecision,
  type AvailabilityPolicy,
  type AvailabilityReadings,
  type AvailabilityState,
  type ManualRule,
} from '../../../src-shared/domain/availability/index';
import { errorMessage } from '../../../src-shared/errors';
import type { Logger } from '../log/logger';
import { SYSTEM_CLOCK, type Clock, type TimerHandle } from './clock';
import { anyNeeded, readSensors, sensorNeeds, type AvailabilitySensors } from './sensors';

/** What the controller drives: the Island. */
export interface AvailabilityTarget {
  pause(reason: string): void;
  resume(): void;
  /** Cancels every running job; returns their ids. */
  cancelRunning(reason: string): string[];
  unloadModels(): Promise<void>;
}

export interface AvailabilityStatus {
  policy: AvailabilityPolicy;
  decision: AvailabilityDecision;
  /** When the current answer (available or not) began. */
  since: number;
}

export interface AvailabilityControllerOptions {
  target: AvailabilityTarget;
  policy: AvailabilityPolicy;
  sensors: AvailabilitySensors;
  log: Logger;
  clock?: Clock;
  /** Best-effort power cap on the offered GPUs while available. */
  powerCap?: (watts: number | null) => Promise<void>;
  /** How often the sensors a rule needs are read (game mode's process scan, temperatures, idle time). */
  sensorEveryMs?: number;
  onChange?: (status: AvailabilityStatus) => void;
}

export class AvailabilityController {
  private policyNow: AvailabilityPolicy;
  private readings: AvailabilityReadings = UNKNOWN_READINGS;
  private state: AvailabilityState = INITIAL_AVAILABILITY_STATE;
  private decision: AvailabilityDecision | null = null;
  private since = 0;
  private decisionTimer: TimerHandle | null = null;
  private sensorTimer: TimerHandle | null = null;
  private reading: Promise<void> | null = null;
  private running = false;
  private readonly clock: Clock;

  constructor(private readonly o: AvailabilityControllerOptions) {
    this.policyNow = o.policy;
    this.clock = o.clock ?? SYSTEM_CLOCK;
  }

  /** Decides at once (so a paused policy holds from the first second), then reads the sensors. */
  start(): void {
    if (this.running) return;
    this.running = true;
    this.evaluate();
    this.pollSensors();
  }

  stop(): void {
    this.running = false;
    this.clear('decision');
    this.clear('sensor');
  }

  status(): AvailabilityStatus {
    return { policy: this.policyNow, decision: this.decision ?? this.decide(), since: this.since };
  }

  /** A new policy (the dashboard changed it): decided at once, sensors started or stopped as it needs. */
  setPolicy(policy: AvailabilityPolicy): AvailabilityStatus {
    this.policyNow = policy;
    if (!this.running) return this.status();
    this.clear('sensor');
    this.evaluate();
    this.pollSensors();
    return this.status();
  }

  setManual(manual: ManualRule): AvailabilityStatus {
    return this.setPolicy({ ...this.policyNow, manual });
  }

  /** Re-reads the sensors now (a sensor reported a change, or a test wants it). */
  async refresh(): Promise<void> {
    this.clear('sensor');
    this.pollSensors();
    await this.reading;
  }

  private decide(): AvailabilityDecision {
    const d = decideAvailability(this.policyNow, this.readings, this.state, this.clock.now());
    // Say why idle time is unknown here (a headless Island has no source), not just that it is.
    if (d.reason.code !== 'idle_unknown' || this.o.sensors.idle.idleSeconds() !== null) return d;
    return { ...d, reason: { ...d.reason, text: this.o.sensors.idle.unavailableReason } };
  }

  private evaluate(): void {
    if (!this.running) return;
    const next = this.decide();
    this.state = next.state;
    const prev = this.decision;
    this.decision = next;
    this.apply(prev, next);
    this.clear('decision');
    if (next.nextCheckAt !== null) {
      // A late timer re-decides and re-arms; an early one (clock skew) does the same harmlessly.
      this.decisionTimer = this.clock.setTimeout(() => {
        this.decisionTimer = null;
        this.evaluate();
      }, Math.max(0, next.nextCheckAt - this.clock.now()));
      this.decisionTimer.unref?.();
    }
    if (!prev || prev.available !== next.available || prev.reason.text !== next.reason.text) this.o.onChange?.(this.status());
  }

  private apply(prev: AvailabilityDecision | null, next: AvailabilityDecision): void {
    const { target, log } = this.o;
    const text = next.reason.text;
    if (next.available) {
      if (prev?.available !== true) {
        this.since = this.clock.now();
        if (prev) log.info(`available again: ${text}`);
        target.resume();
      }
      this.o.powerCap?.(next.powerLimitW).catch((err: unknown) => log.warn('the power cap could not be applied', { error: errorMessage(err) }));
      return;
    }
    if (prev && !prev.available) {
      if (prev.reason.text !== text) target.pause(text);
      return;
    }
    this.since = this.clock.now();
    log.info(`not taking jobs: ${text}`, { rule: next.decidedBy });
    target.pause(text);
    if (next.whilePaused.runningJobs === 'cancel') {
      const ids = target.cancelRunning(`Cancelled by the owner's availability policy: ${text}`);
      if (ids.length > 0) log.info(`cancelled ${ids.length} running job(s) (on_pause = "cancel")`, { job_ids: ids.join(',') });
    }
    if (next.whilePaused.unloadModels) {
      target.unloadModels().then(
        () => log.info('models unloaded to free GPU memory while paused'),
        (err: unknown) => log.warn('models could not be unloaded', { error: errorMessage(err) }),
      );
    }
  }

  private pollSensors(): void {
    const needs = sensorNeeds(this.policyNow);
    if (!this.running || !anyNeeded(needs) || this.reading) return;
    this.reading = readSensors(this.o.sensors, needs, this.readings, this.clock.now(), this.o.log)
      .then((r) => {
        this.readings = r;
        this.evaluate();
      })
      .finally(() => {
        this.reading = null;
        if (!this.running || this.sensorTimer) return;
        this.sensorTimer = this.clock.setTimeout(() => {
          this.sensorTimer = null;
          this.pollSensors();
        }, this.o.sensorEveryMs ?? 10_000);
        this.sensorTimer.unref?.();
      });
  }

  private clear(which: 'decision' | 'sensor'): void {
    const t = which === 'decision' ? this.decisionTimer : this.sensorTimer;
    if (t) this.clock.clearTimeout(t);
    if (which === 'decision') this.decisionTimer = null;
    else this.sensorTimer = null;
  }
}
