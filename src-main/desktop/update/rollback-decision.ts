// Rolling back an update that does not start, decided purely from a marker written before the
// install and the version now running. The marker says "pending verification": each launch of the
// new version counts one failed launch until the agent reports ready, which clears it. A version
// that reaches the limit (launches, or agent crashes before ready) reinstalls the kept previous
// artifact; the next launch, back on the old version, sees the rollback through and blocks the bad
// version so it is not installed again.
export interface UpdateMarker {
  state: 'pending' | 'rolling-back';
  fromVersion: string;
  toVersion: string;
  /** An artifact that reinstalls `fromVersion`, or null when none could be kept. */
  previousArtifact: string | null;
  /** Launches of `toVersion` that have not (yet) reached a ready agent. */
  failedLaunches: number;
  writtenAt: number;
}

export interface RollbackLimits {
  /** Launches of the new version without a ready agent before it is rolled back. */
  maxFailedLaunches: number;
  /** Agent crashes before its first `ready`, within one launch, before it is rolled back. */
  maxCrashesBeforeReady: number;
}

export const DEFAULT_ROLLBACK_LIMITS: RollbackLimits = { maxFailedLaunches: 3, maxCrashesBeforeReady: 3 };

export type LaunchDecision =
  /** No update in flight. */
  | { type: 'normal' }
  /** The new version starts: count this launch (write `marker`) and wait for the agent's ready. */
  | { type: 'verify'; marker: UpdateMarker }
  /** The new version failed too often: reinstall the previous one (write `marker` first). */
  | { type: 'rollback'; artifact: string; marker: UpdateMarker }
  /** It failed, but there is nothing to roll back to: clear the marker and tell the owner. */
  | { type: 'cannot-roll-back'; version: string; reason: string }
  /** Back on the old version after a rollback: clear the marker, block `badVersion`, tell the owner. */
  | { type: 'rolled-back'; badVersion: string; version: string }
  /** Still on the new version although a rollback ran: it did not take. Clear and tell the owner. */
  | { type: 'rollback-failed'; version: string }
  /** Still on the old version: the install never happened (cancelled, failed). Clear the marker. */
  | { type: 'not-installed'; version: string }
  /** The marker is about neither version running now (a manual install since). Clear it. */
  | { type: 'stale' };

function rollbackOrGiveUp(marker: UpdateMarker, why: string): LaunchDecision {
  if (marker.previousArtifact === null) {
    return { type: 'cannot-roll-back', version: marker.toVersion, reason: `${why}, and no previous version was kept to go back to` };
  }
  return { type: 'rollback', artifact: marker.previousArtifact, marker: { ...marker, state: 'rolling-back' } };
}

export function decideOnLaunch(marker: UpdateMarker | null, running: string, limits: RollbackLimits = DEFAULT_ROLLBACK_LIMITS): LaunchDecision {
  if (!marker) return { type: 'normal' };
  if (marker.state === 'rolling-back') {
    if (running === marker.fromVersion) return { type: 'rolled-back', badVersion: marker.toVersion, version: running };
    if (running === marker.toVersion) return { type: 'rollback-failed', version: running };
    return { type: 'stale' };
  }
  if (running === marker.fromVersion) return { type: 'not-installed', version: marker.toVersion };
  if (running !== marker.toVersion) return { type: 'stale' };
  if (marker.failedLaunches >= limits.maxFailedLaunches) {
    return rollbackOrGiveUp(marker, `${marker.toVersion} started ${marker.failedLaunches} times without its agent becoming ready`);
  }
  return { type: 'verify', marker: { ...marker, failedLaunches: marker.failedLaunches + 1 } };
}

/** While verifying: the agent crashed again before it was ever ready in this launch. */
export function decideOnCrash(marker: UpdateMarker, crashesBeforeReady: number, limits: RollbackLimits = DEFAULT_ROLLBACK_LIMITS): LaunchDecision | null {
  if (marker.state !== 'pending' || crashesBeforeReady < limits.maxCrashesBeforeReady) return null;
  return rollbackOrGiveUp(marker, `the agent of ${marker.toVersion} crashed ${crashesBeforeReady} times before it was ready`);
}
