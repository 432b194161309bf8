// Human-readable summaries of what the coordinator saw, for timeout and assertion messages.
import type { CoordinatorCore } from './core';
import type { Violation } from './types';

const MAX_RAW = 300;

export function describeViolation(v: Violation): string {
  const raw = v.raw.length > MAX_RAW ? `${v.raw.slice(0, MAX_RAW)}…` : v.raw;
  return `${v.subject}: ${v.error}\n    raw: ${raw}`;
}

export function describeViolations(vs: readonly Violation[]): string {
  return vs.length === 0 ? 'no violations' : `${vs.length} violation(s):\n  ${vs.map(describeViolation).join('\n  ')}`;
}

export function describeHosts(core: CoordinatorCore): string {
  const now = core.now();
  const ids = core.hosts.ids();
  if (ids.length === 0) return 'no host has sent anything';
  return ids
    .map((id) => {
      const h = core.hosts.view(id, now, core.pairingDesk);
      if (!h) return id;
      return `host ${id}: ${h.registrations.length} registration(s), ${h.heartbeats.length} heartbeat(s), ${h.online ? 'online' : 'offline'}`;
    })
    .join('; ');
}

export function describeHost(core: CoordinatorCore, hostId: string): string {
  const h = core.hosts.view(hostId, core.now(), core.pairingDesk);
  const mine = core.violations.filter((v) => v.hostId === hostId);
  const what = h
    ? `${h.registrations.length} registration(s), ${h.heartbeats.length} valid heartbeat(s)`
    : `nothing from host '${hostId}' (others: ${describeHosts(core)})`;
  return `${what}; ${describeViolations(mine)}`;
}

export function describeJob(core: CoordinatorCore, jobId: string): string {
  const j = core.jobs.view(jobId);
  if (!j) return `no job '${jobId}' was assigned by this coordinator`;
  const states = j.statuses.map((s) => (s.message.error ? `${s.message.state} (${s.message.error})` : s.message.state));
  const lease = j.leaseExpired ? ', lease expired' : '';
  return (
    `job ${jobId} on host ${j.hostId}: state '${j.state}', statuses [${states.join(', ') || 'none'}], ` +
    `${j.outputs.length} output(s), ${j.progress.length} progress, ${j.images.length} image(s)${lease}; ` +
    `${describeViolations(j.violations)}; host: ${describeHost(core, j.hostId)}`
  );
}
