// What each waitFor* helper waits for, and what it reports when the Island does not get there.
import type { CoordinatorCore } from './core';
import { describeHost, describeHosts, describeJob, describeViolations } from './describe';
import { isTerminal, type TrackedState } from './job-state-machine';
import type { HostRecord, JobRecord, Violation } from './types';

export type ViolationMatch = { subject?: string | RegExp; error?: string | RegExp };

export function waitFor<T>(core: CoordinatorCore, what: string, probe: () => T | null | undefined | false, timeoutMs: number): Promise<T> {
  return core.waiters.waitFor(what, probe, () => `${describeHosts(core)}; ${describeViolations(core.violations)}`, timeoutMs);
}

/** A host counts once it has registered (a ping or a stray heartbeat alone does not). */
export function waitForHost(core: CoordinatorCore, hostId: string | undefined, timeoutMs: number): Promise<HostRecord> {
  const registered = (h: HostRecord | undefined): HostRecord | undefined => (h && h.registrations.length > 0 ? h : undefined);
  const probe = (): HostRecord | undefined => (hostId ? registered(core.hostView(hostId)) : core.hostViews().find((h) => registered(h)));
  const seen = (): string => (hostId ? describeHost(core, hostId) : `${describeHosts(core)}; ${describeViolations(core.violations)}`);
  return core.waiters.waitFor(hostId ? `host '${hostId}' to register` : 'any host to register', probe, seen, timeoutMs);
}

export function waitForHeartbeats(core: CoordinatorCore, hostId: string, n: number, timeoutMs: number): Promise<HostRecord> {
  const probe = (): HostRecord | undefined => {
    const h = core.hostView(hostId);
    return h && h.heartbeats.length >= n ? h : undefined;
  };
  return core.waiters.waitFor(`${n} valid heartbeat(s) from host '${hostId}'`, probe, () => describeHost(core, hostId), timeoutMs);
}

/**
 * Resolves once the job has passed through `state` (not only when it is the current one, so a
 * fast job still satisfies 'started'). Rejects at once if the job ends another way.
 */
export function waitForJobState(core: CoordinatorCore, jobId: string, state: TrackedState | 'terminal', timeoutMs: number): Promise<JobRecord> {
  const probe = (): JobRecord | undefined => {
    const j = core.jobs.view(jobId);
    if (!j) return undefined;
    if (state === 'assigned') return j;
    if (state === 'terminal') return isTerminal(j.state) ? j : undefined;
    if (j.statuses.some((s) => s.message.state === state)) return j;
    if (isTerminal(j.state)) throw new Error(`job ${jobId} ended '${j.state}' instead of reaching '${state}': ${describeJob(core, jobId)}`);
    return undefined;
  };
  return core.waiters.waitFor(`job ${jobId} to reach '${state}'`, probe, () => describeJob(core, jobId), timeoutMs);
}

export function waitForViolation(core: CoordinatorCore, match: ViolationMatch, timeoutMs: number): Promise<Violation> {
  const fits = (pattern: string | RegExp | undefined, text: string): boolean =>
    pattern === undefined || (typeof pattern === 'string' ? text.includes(pattern) : pattern.test(text));
  const probe = (): Violation | undefined => core.violations.find((v) => fits(match.subject, v.subject) && fits(match.error, v.error));
  const what = `a violation${match.subject ? ` on ${String(match.subject)}` : ''}${match.error ? ` matching ${String(match.error)}` : ''}`;
  return core.waiters.waitFor(what, probe, () => describeViolations(core.violations), timeoutMs);
}
