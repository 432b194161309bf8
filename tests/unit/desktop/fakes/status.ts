// A StatusView for desktop tests, with the fields the tray reads easy to set.
import type { ActiveJobView, IslandPhase, StatusView } from '../../../../src-shared/api/views';

export interface StatusInput {
  phase?: IslandPhase;
  jobs?: number;
  mode?: 'online' | 'paused';
  pausedUntil?: number | null;
  takingJobs?: boolean;
  reason?: string;
  lastError?: string | null;
  paired?: boolean;
}

export function statusView(i: StatusInput = {}): StatusView {
  const jobs: ActiveJobView[] = Array.from({ length: i.jobs ?? 0 }, (_, n) => ({ jobId: `job-${n}`, workloadId: 'llm-chat', runtime: 'wasm', startedAt: 0, tokens: 0 }));
  return {
    hostId: 'host-1',
    version: '0.5.0',
    phase: i.phase ?? 'online',
    startedAt: 0,
    availability: { mode: i.mode ?? 'online', pausedUntil: i.pausedUntil ?? null, takingJobs: i.takingJobs ?? true, reason: i.reason ?? 'Online' },
    coordinator: { server: 'nats://127.0.0.1:4222', connected: true, rttMs: 3, jobDelivery: 'jetstream', lastError: i.lastError ?? null, apiUrl: null },
    activeJobs: jobs,
    maxConcurrentJobs: 4,
    runtimes: [],
    pairing: i.paired ? { state: 'paired', accountId: 'acc', pairedAt: null } : { state: 'unpaired', reason: 'not paired' },
    hardware: { cpuModel: null, cpuCores: 2, ramMb: 4096, os: 'Linux', gpus: [] },
  };
}
