// What the Island looks like from outside (the tray, the dashboard, the logs): one snapshot,
// one phase with a reason-free name, as a discriminated set of states.
import type { HostCapabilities, KnownRuntime, PreloadRecommendation } from '../../src-shared/protocol/messages';
import type { Alert } from '../../src-shared/domain/alerts/index';
import type { AvailabilityStatus } from './availability/availability-controller';
import type { JobSourceMode } from './coordinator/job-source';
import type { PairingState } from './coordinator/pairing';
import type { JobEvent } from './jobs/job-engine';
import type { RuntimeAvailability } from './jobs/runtime';
import type { LinkError, LinkStatus } from './nats/nats-link';
import type { RuntimeEvent } from './runtimes/runtime-events';

export type IslandPhase = 'connecting' | 'online' | 'working' | 'paused' | 'disconnected' | 'stopping' | 'stopped';

export interface IslandSnapshot {
  hostId: string;
  version: string;
  phase: IslandPhase;
  /** The coordinator's address without credentials. */
  server: string;
  link: LinkStatus;
  lastServerError: LinkError | null;
  jobSource: JobSourceMode;
  activeJobs: Array<{ job_id: string; runtime: string; workload_id: string | null; started_at: number }>;
  maxConcurrentJobs: number;
  pairing: PairingState | null;
  capabilities: HostCapabilities;
  supportedRuntimes: string[];
  runtimes: Array<{ type: KnownRuntime; availability: RuntimeAvailability }>;
  /** The owner paused it (running jobs go on; no runtimes are offered). */
  paused: boolean;
  /** Why it is paused, in words (the owner, a schedule, a hot GPU, ...); null while not paused. */
  pauseReason?: string | null;
  /** The availability policy and its current decision, with the countdown to the next change. */
  availability?: AvailabilityStatus;
  /** The NATS round trip the last heartbeat carried, or null before one was measured. */
  rttMs: number | null;
}

export type IslandEvent =
  | { type: 'snapshot'; snapshot: IslandSnapshot }
  | { type: 'job'; event: JobEvent }
  | { type: 'preload'; rec: PreloadRecommendation }
  | { type: 'runtime'; event: RuntimeEvent }
  /** Something the owner should hear about (went offline, failures in a row, disk low, ...). */
  | { type: 'alert'; alert: Alert };

export function phaseOf(s: { stopped: boolean; stopping: boolean; link: LinkStatus | null; activeJobs: number; paused: boolean }): IslandPhase {
  if (s.stopped) return 'stopped';
  if (s.stopping) return 'stopping';
  if (!s.link || s.link.type === 'connecting') return 'connecting';
  if (s.link.type === 'disconnected' || s.link.type === 'closed') return 'disconnected';
  if (s.activeJobs > 0) return 'working';
  return s.paused ? 'paused' : 'online';
}
