// Quitting drains first: the tray's Quit (or the OS asking the app to quit, or an update about to
// install) stops the agent taking jobs and waits for the running ones, showing "Finishing N jobs…"
// in the tray, within the supervisor's cap. Only then does the app really exit. Electron's
// `before-quit` is cancelled until the drain is done, then let through.
import { errorMessage } from '../../../src-shared/errors';
import type { Logger } from '../../agent/log/types';
import type { DrainOutcome } from '../agent/agent-supervisor';

export interface QuitControllerOptions {
  drain: () => Promise<DrainOutcome>;
  /** Running jobs now, for the tray while draining. */
  activeJobs: () => number;
  /** The tray shows the drain (and disables Quit while it runs). */
  onDraining: (activeJobs: number) => void;
  /** Called once drained: close windows, drop the tray. */
  beforeExit: () => void;
  /** app.quit / app.exit: ends the process. */
  exit: () => void;
  log: Logger;
}

export type QuitPhase = 'running' | 'draining' | 'done';

export class QuitController {
  private phase: QuitPhase = 'running';
  private draining: Promise<DrainOutcome> | null = null;

  constructor(private readonly opts: QuitControllerOptions) {}

  get state(): QuitPhase {
    return this.phase;
  }

  /** For Electron's `before-quit`: hold the quit until the agent has drained. */
  onBeforeQuit(event: { preventDefault(): void }): void {
    if (this.phase === 'done') return;
    event.preventDefault();
    void this.quit();
  }

  /** The tray's Quit: drain, then exit. */
  async quit(): Promise<void> {
    await this.drainOnly();
    if (this.phase === 'done') return;
    this.phase = 'done';
    this.opts.beforeExit();
    this.opts.exit();
  }

  /**
   * Drains without exiting (an update installs next and quits the app itself). Later quits pass
   * straight through.
   */
  async drainOnly(): Promise<DrainOutcome> {
    if (this.draining) return this.draining;
    this.phase = 'draining';
    this.opts.onDraining(this.opts.activeJobs());
    this.opts.log.info('quitting: the Island stops taking jobs and lets running ones finish', { running_jobs: this.opts.activeJobs() });
    this.draining = this.opts.drain().then(
      (outcome) => {
        this.report(outcome);
        return outcome;
      },
      (err: unknown) => {
        this.opts.log.error('draining the agent failed', { error: errorMessage(err) });
        return { type: 'not-running' } as const;
      },
    );
    const outcome = await this.draining;
    return outcome;
  }

  /** After drainOnly: the quit that follows must not be held again. */
  release(): void {
    this.phase = 'done';
  }

  private report(o: DrainOutcome): void {
    const { log } = this.opts;
    if (o.type === 'drained') log.info('agent drained', { finished_jobs: o.report.finished, aborted_jobs: o.report.aborted.length });
    else if (o.type === 'killed') log.warn(`the agent was stopped after ${Math.round(o.afterMs / 1000)} s without finishing its drain`);
    else if (o.type === 'exited') log.warn('the agent exited during the drain without a report', { code: o.code });
  }
}
