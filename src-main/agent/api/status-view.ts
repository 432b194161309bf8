// The Island's snapshot as the dashboard's StatusView, with the sentence that says why it is or is
// not taking jobs. Pure: the service passes in what the snapshot does not hold.
import type { AvailabilityView, CoordinatorView, HardwareInfo, PairingView, StatusView } from '../../../src-shared/api/views';
import type { PairingState } from '../coordinator/pairing';
import type { IslandSnapshot } from '../island-snapshot';

export interface StatusExtras {
  startedAt: number;
  pausedUntil: number | null;
  apiUrl: string | null;
  hardware: HardwareInfo;
  tokensOf: (jobId: string) => number;
}

export function statusView(s: IslandSnapshot, x: StatusExtras): StatusView {
  return {
    hostId: s.hostId,
    version: s.version,
    phase: s.phase,
    startedAt: x.startedAt,
    availability: availabilityView(s, x.pausedUntil),
    coordinator: coordinatorView(s, x.apiUrl),
    activeJobs: s.activeJobs.map((j) => ({ jobId: j.job_id, workloadId: j.workload_id, runtime: j.runtime, startedAt: j.started_at, tokens: x.tokensOf(j.job_id) })),
    maxConcurrentJobs: s.maxConcurrentJobs,
    runtimes: s.runtimes.map((r) => ({ type: r.type, available: r.availability.available, reason: r.availability.available ? null : r.availability.reason })),
    pairing: pairingView(s.pairing),
    hardware: x.hardware,
  };
}

function connected(s: IslandSnapshot): boolean {
  return s.link.type === 'connected' || s.link.type === 'reconnected';
}

export function availabilityView(s: IslandSnapshot, pausedUntil: number | null): AvailabilityView {
  const mode = s.paused ? 'paused' : 'online';
  const takingJobs = connected(s) && s.supportedRuntimes.length > 0 && s.phase !== 'stopping' && s.phase !== 'stopped';
  const view: AvailabilityView = { mode, pausedUntil: s.paused ? pausedUntil : null, takingJobs, reason: availabilityReason(s, pausedUntil) };
  const d = s.availability?.decision;
  return d ? { ...view, decidedBy: d.decidedBy, nextChangeAt: d.nextCheckAt, countdownMs: d.countdownMs } : view;
}

function availabilityReason(s: IslandSnapshot, pausedUntil: number | null): string {
  if (s.phase === 'stopped') return 'Stopped';
  if (s.phase === 'stopping') return 'Stopping: no new jobs, running ones may finish';
  // The policy's own words: "Paused by you until 14:30", "GPU 0 at 91 °C (resumes below 75 °C)", ...
  if (s.paused && s.pauseReason) return s.pauseReason;
  if (s.paused) return pausedUntil !== null ? 'Paused by you; goes online again by itself at the time shown' : 'Paused by you';
  const link = s.link;
  if (link.type === 'connecting') return `Connecting to the coordinator at ${s.server}`;
  if (link.type === 'closed') return `Not connected to the coordinator: ${link.error ?? 'the connection was closed'}`;
  if (link.type === 'disconnected') return `Coordinator unreachable at ${s.server}${s.lastServerError ? `: ${s.lastServerError.message}` : ''}; reconnecting`;
  if (s.runtimes.length === 0) return 'No runtime is installed in this build, so no Cargo can run';
  if (s.supportedRuntimes.length === 0) {
    const why = s.runtimes.map((r) => (r.availability.available ? null : `${r.type}: ${r.availability.reason}`)).filter((t) => t !== null);
    return `No runtime can take jobs now (${why.join('; ')})`;
  }
  return `Taking jobs (${s.supportedRuntimes.join(', ')})`;
}

function coordinatorView(s: IslandSnapshot, apiUrl: string | null): CoordinatorView {
  const closedError = s.link.type === 'closed' ? (s.link.error ?? null) : null;
  return {
    server: s.server,
    connected: connected(s),
    rttMs: s.rttMs === null ? null : Math.round(s.rttMs * 10) / 10,
    jobDelivery: s.jobSource.type === 'jetstream' || s.jobSource.type === 'core' ? s.jobSource.type : 'stopped',
    lastError: s.lastServerError?.message ?? closedError,
    apiUrl,
  };
}

export function pairingView(p: PairingState | null): PairingView {
  if (p === null) return { state: 'unpaired', reason: 'not connected to the coordinator yet' };
  if (p.type === 'paired') return { state: 'paired', accountId: p.accountId, pairedAt: p.pairedAt };
  if (p.type === 'code') return { state: 'code', code: p.code, pairUrl: p.pairUrl, expiresAt: p.expiresAtMs };
  return { state: 'unpaired', reason: p.reason };
}
