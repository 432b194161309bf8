// Which alerts to raise now. Each kind has episodes: it fires once when an episode starts and not
// again until that episode has ended (connected again, a job succeeded, a job arrived, space was
// freed past a margin, a different version). Pure: the agent passes the readings and the memory
// of what it already told, and arms one timer at `nextCheckAt` for the time-based kinds.
import { likelyIdleReasons } from './idle-reason';
import type { Alert, AlertKind, AlertMemory, AlertReadings, AlertThresholds } from './types';

export interface AlertEvaluation {
  memory: AlertMemory;
  alerts: Alert[];
  /** When a time-based alert (offline, no jobs) would start if nothing else changes; null: none pending. */
  nextCheckAt: number | null;
}

interface Episode {
  key: string;
  alert: Omit<Alert, 'kind' | 'at'>;
}

const GIB = 1024 ** 3;

export function evaluateAlerts(memory: AlertMemory, r: AlertReadings, t: AlertThresholds): AlertEvaluation {
  const pending: number[] = [];
  const episodes: Record<AlertKind, Episode | null> = {
    offline: offline(r, t, pending),
    'failed-streak': failedStreak(r, t),
    'no-jobs': noJobs(r, t, pending),
    'update-ready': updateReady(r),
    'disk-low': diskLow(r, t, memory['disk-low'] !== undefined),
  };
  const next: AlertMemory = {};
  const alerts: Alert[] = [];
  for (const [kind, episode] of Object.entries(episodes) as Array<[AlertKind, Episode | null]>) {
    if (!episode) continue;
    next[kind] = { key: episode.key };
    if (memory[kind]?.key !== episode.key) alerts.push({ kind, at: r.now, ...episode.alert });
  }
  const future = pending.filter((at) => at > r.now);
  return { memory: next, alerts, nextCheckAt: future.length > 0 ? Math.min(...future) : null };
}

function minutes(ms: number): string {
  const m = Math.round(ms / 60_000);
  return m >= 120 ? `${Math.round(m / 60)} h` : `${m} min`;
}

function offline(r: AlertReadings, t: AlertThresholds, pending: number[]): Episode | null {
  if (r.disconnectedSince === null) return null;
  const due = r.disconnectedSince + t.offlineAfterMs;
  if (r.now < due) {
    pending.push(due);
    return null;
  }
  return {
    key: String(r.disconnectedSince),
    alert: { severity: 'warning', title: 'Island went offline', message: `The coordinator has been unreachable for ${minutes(r.now - r.disconnectedSince)}; no jobs can reach this Island. It keeps reconnecting.` },
  };
}

function failedStreak(r: AlertReadings, t: AlertThresholds): Episode | null {
  if (r.failureStreak < t.failedStreak) return null;
  const last = r.lastFailure ? ` The last one: ${r.lastFailure}` : '';
  return { key: 'streak', alert: { severity: 'warning', title: `${r.failureStreak} jobs failed in a row`, message: `Several jobs in a row failed on this Island.${last}` } };
}

function noJobs(r: AlertReadings, t: AlertThresholds, pending: number[]): Episode | null {
  if (r.offeringSince === null) return null;
  const quietSince = Math.max(r.offeringSince, r.lastJobAt ?? r.offeringSince);
  const due = quietSince + t.noJobsAfterMs;
  if (r.now < due) {
    pending.push(due);
    return null;
  }
  const reasons = likelyIdleReasons(r.hints, t.lowKarma);
  const why = reasons.length > 0 ? ` Likely: ${reasons.join('; ')}.` : ' No likely reason was found here; demand may simply be low.';
  return { key: String(quietSince), alert: { severity: 'info', title: 'No jobs for a long time', message: `Online for ${minutes(r.now - quietSince)} without a job.${why}` } };
}

function updateReady(r: AlertReadings): Episode | null {
  if (!r.update) return null;
  return {
    key: r.update.version,
    alert: { severity: r.update.critical ? 'warning' : 'info', title: r.update.critical ? 'Critical update ready' : 'Update ready', message: `Island ${r.update.version} is available.` },
  };
}

function diskLow(r: AlertReadings, t: AlertThresholds, wasLow: boolean): Episode | null {
  if (!r.disk || r.disk.totalBytes <= 0) return wasLow ? { key: 'low', alert: diskText(r, 0) } : null;
  const { freeBytes, totalBytes } = r.disk;
  const factor = wasLow ? t.diskClearFactor : 1;
  const low = freeBytes < t.diskLowBytes * factor || freeBytes / totalBytes < t.diskLowFraction * factor;
  return low ? { key: 'low', alert: diskText(r, freeBytes) } : null;
}

function diskText(r: AlertReadings, freeBytes: number): Episode['alert'] {
  const pct = r.disk && r.disk.totalBytes > 0 ? ` (${((freeBytes / r.disk.totalBytes) * 100).toFixed(1)} %)` : '';
  return { severity: 'warning', title: 'Disk space low', message: `${(freeBytes / GIB).toFixed(1)} GB free${pct} on the disk holding the Island's caches; downloads of models and images may fail.` };
}
