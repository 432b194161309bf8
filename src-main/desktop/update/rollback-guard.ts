// Carries out the rollback decisions: at launch (count the launch, roll back, or see a rollback
// through), when the agent becomes ready (the update is confirmed: keep its installer for the next
// rollback, drop older ones), when the agent keeps crashing before ready, and before an install
// (keep what reinstalls the running version, write the marker).
//
// Per platform, what "reinstall the previous version" means (platform-reinstall.ts):
// - Linux AppImage: the running AppImage itself is kept before each update; rollback copies it
//   back over $APPIMAGE and starts it. Works from the first update on.
// - Windows NSIS: the installer that installed the running version is kept when it came through an
//   update; rollback runs it silently (per-user, no admin). After a manual install there is none
//   for the first update, so a failing first update is reported to the owner instead.
// - macOS and deb: no automatic reinstall (Squirrel.Mac owns the bundle; dpkg needs root). The
//   owner is told which version to reinstall, and the kept zip's path where there is one.
import { errorMessage } from '../../../src-shared/errors';
import type { Logger } from '../../agent/log/types';
import type { Notice } from '../system/notifications';
import { decideOnCrash, decideOnLaunch, DEFAULT_ROLLBACK_LIMITS, type LaunchDecision, type RollbackLimits, type UpdateMarker } from './rollback-decision';
import type { RollbackStore } from './rollback-store';
import type { StagedUpdate } from './update-service';

export interface RollbackGuardOptions {
  store: RollbackStore;
  /** The version running now (app.getVersion()). */
  running: string;
  /** Reinstalls an artifact and ends this process (the platform's rollback). */
  reinstall: (artifact: string) => Promise<void>;
  /** A file that reinstalls the running version as it is (Linux: $APPIMAGE), or null. */
  selfArtifact: () => string | null;
  notify: (notice: Notice) => void;
  log: Logger;
  now?: () => number;
  limits?: RollbackLimits;
}

export type LaunchOutcome = { type: 'continue' } | { type: 'rolling-back' };

export class RollbackGuard {
  private marker: UpdateMarker | null = null;
  private blockedVersions: Record<string, string> = {};
  private crashesBeforeReady = 0;
  private ready = false;

  constructor(private readonly opts: RollbackGuardOptions) {}

  private get limits(): RollbackLimits {
    return this.opts.limits ?? DEFAULT_ROLLBACK_LIMITS;
  }

  blockedReason(version: string): string | null {
    return this.blockedVersions[version] ?? null;
  }

  async onLaunch(): Promise<LaunchOutcome> {
    const { store, log } = this.opts;
    this.blockedVersions = await store.blocked();
    const decision = decideOnLaunch(await store.readMarker(), this.opts.running, this.limits);
    log.info('update state at launch', { decision: decision.type, version: this.opts.running });
    return this.carryOut(decision);
  }

  /** The agent said ready: a pending update is confirmed. */
  async onAgentReady(): Promise<void> {
    this.ready = true;
    const m = this.marker;
    if (!m || m.state !== 'pending') return;
    this.marker = null;
    await this.opts.store.clearMarker();
    await this.opts.store.pruneKept([m.toVersion]);
    this.opts.log.info('update confirmed: the new version started and its agent is ready', { version: m.toVersion });
  }

  /** The agent exited before it was ever ready in this launch. */
  async onAgentCrash(): Promise<void> {
    if (this.ready || !this.marker) return;
    this.crashesBeforeReady += 1;
    const decision = decideOnCrash(this.marker, this.crashesBeforeReady, this.limits);
    if (decision) await this.carryOut(decision);
  }

  /** Before an install: keep what can reinstall the running version, and write the marker. */
  async prepareInstall(update: StagedUpdate): Promise<void> {
    const { store, running, log } = this.opts;
    let previous: string | null = null;
    const self = this.opts.selfArtifact();
    try {
      previous = self ? await store.keep(running, self) : await store.keptFor(running);
    } catch (err) {
      log.warn('could not keep the running version for a rollback', { error: errorMessage(err) });
    }
    try {
      // The next update's rollback target: the installer of the version about to run.
      await store.keep(update.version, update.file);
    } catch (err) {
      log.warn('could not keep the new installer for a later rollback', { error: errorMessage(err) });
    }
    const marker: UpdateMarker = { state: 'pending', fromVersion: running, toVersion: update.version, previousArtifact: previous, failedLaunches: 0, writtenAt: (this.opts.now ?? Date.now)() };
    await store.writeMarker(marker);
    log.info('update marker written', { from: running, to: update.version, rollback: previous ?? 'none kept' });
  }

  private async carryOut(decision: LaunchDecision): Promise<LaunchOutcome> {
    const { store, notify, log } = this.opts;
    switch (decision.type) {
      case 'normal':
        return { type: 'continue' };
      case 'verify':
        this.marker = decision.marker;
        await store.writeMarker(decision.marker);
        return { type: 'continue' };
      case 'rollback':
        this.marker = decision.marker;
        await store.writeMarker(decision.marker);
        log.error('the new version does not start; going back to the previous one', { from: decision.marker.toVersion, to: decision.marker.fromVersion });
        try {
          await this.opts.reinstall(decision.artifact);
          return { type: 'rolling-back' };
        } catch (err) {
          log.error('the rollback could not start', { error: errorMessage(err) });
          await store.clearMarker();
          this.marker = null;
          notify({ title: `Island ${decision.marker.toVersion} does not start`, body: `Going back to ${decision.marker.fromVersion} failed: ${errorMessage(err)}. Reinstall it from the download page.` });
          return { type: 'continue' };
        }
      case 'cannot-roll-back':
        await store.clearMarker();
        this.marker = null;
        log.error('the new version does not start and cannot be rolled back', { version: decision.version, reason: decision.reason });
        notify({ title: `Island ${decision.version} does not start properly`, body: `${decision.reason}. Reinstall the previous version from the download page.` });
        return { type: 'continue' };
      case 'rolled-back':
        await store.block(decision.badVersion, `rolled back: it did not start on this machine`);
        this.blockedVersions[decision.badVersion] = 'rolled back: it did not start on this machine';
        await store.clearMarker();
        notify({ title: `Went back to Island ${decision.version}`, body: `Version ${decision.badVersion} did not start on this machine; it will not be installed again.` });
        return { type: 'continue' };
      case 'rollback-failed':
        await store.clearMarker();
        notify({ title: 'Going back to the previous version did not work', body: `Island ${decision.version} is still installed. Reinstall the previous version from the download page.` });
        return { type: 'continue' };
      case 'not-installed':
        log.warn('the last update was not installed', { version: decision.version });
        await store.clearMarker();
        return { type: 'continue' };
      case 'stale':
        await store.clearMarker();
        return { type: 'continue' };
    }
  }
}
