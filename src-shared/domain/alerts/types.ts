// The owner's alerts as data: what the agent measures (readings), the limits that make an alert,
// and the alert itself. The agent turns an alert into a log line (headless) and an ApiEvent the
// desktop shows as an OS notification.

export type AlertKind = 'offline' | 'failed-streak' | 'no-jobs' | 'update-ready' | 'disk-low';
export const ALERT_KINDS: readonly AlertKind[] = ['offline', 'failed-streak', 'no-jobs', 'update-ready', 'disk-low'];

export interface Alert {
  kind: AlertKind;
  severity: 'info' | 'warning';
  title: string;
  message: string;
  at: number;
}

export interface AlertThresholds {
  /** Coordinator unreachable for this long before "went offline" (a short blip is not news). */
  offlineAfterMs: number;
  /** Failed jobs in a row. */
  failedStreak: number;
  /** Online and offering runtimes, yet no job for this long. */
  noJobsAfterMs: number;
  /** Free space under the Island's home below either of these is low. */
  diskLowBytes: number;
  diskLowFraction: number;
  /** Disk-low ends only once free space is this many times the limits (no flapping at the edge). */
  diskClearFactor: number;
  /** A karma below this is a likely reason for no jobs (the docs' payout threshold). */
  lowKarma: number;
}

export const DEFAULT_ALERT_THRESHOLDS: AlertThresholds = {
  offlineAfterMs: 5 * 60_000,
  failedStreak: 3,
  noJobsAfterMs: 2 * 3_600_000,
  diskLowBytes: 5 * 1024 ** 3,
  diskLowFraction: 0.05,
  diskClearFactor: 1.2,
  lowKarma: 10,
};

/** Why an online Island might get no jobs, as far as the agent can tell. */
export interface IdleHints {
  /** Cargos whose asking price is above the coordinator's market rate. */
  pricesAboveMarket: Array<{ slug: string; asking: number; market: number }>;
  /** Runtimes this build has that cannot take jobs now, with why. */
  runtimesUnavailable: Array<{ runtime: string; reason: string }>;
  /** No runtime at all is offered (none built, or none available). */
  noRuntimeOffered: boolean;
  karma: number | null;
}

export interface AlertReadings {
  now: number;
  /** When the coordinator link went down, or null while connected. */
  disconnectedSince: number | null;
  /** Since when the Island has been connected and offering runtimes (not paused), or null. */
  offeringSince: number | null;
  /** When the last job started, or null. */
  lastJobAt: number | null;
  /** Failed jobs in a row (a success resets it; a cancel changes nothing). */
  failureStreak: number;
  lastFailure: string | null;
  /** A newer version the update check found, or null. */
  update: { version: string; critical: boolean } | null;
  /** Free and total bytes of the disk holding the Island's home, or null when unknown. */
  disk: { freeBytes: number; totalBytes: number } | null;
  hints: IdleHints;
}

/** What has already been told, per kind: an alert fires once per episode. */
export type AlertMemory = Partial<Record<AlertKind, { key: string }>>;
