// When a staged update may be installed: at once when no job runs; otherwise wait for the running
// jobs, up to 5 minutes (30 seconds for a critical update), then install anyway: the quit drain
// still gives running jobs the agent's drain timeout and reports the rest to the coordinator.
// The same limits as the Rust Island's updater (island-protocol.md §10.3).
export const APPLY_WAIT_MS = 5 * 60_000;
export const CRITICAL_APPLY_WAIT_MS = 30_000;

export interface ApplyInput {
  now: number;
  /** When the update was staged (the wait started). */
  waitingSince: number;
  activeJobs: number;
  critical: boolean;
}

export type ApplyDecision =
  | { type: 'install'; reason: 'idle' | 'waited-long-enough' }
  | { type: 'wait'; deadline: number };

export function decideApply(input: ApplyInput): ApplyDecision {
  if (input.activeJobs === 0) return { type: 'install', reason: 'idle' };
  const deadline = input.waitingSince + (input.critical ? CRITICAL_APPLY_WAIT_MS : APPLY_WAIT_MS);
  return input.now >= deadline ? { type: 'install', reason: 'waited-long-enough' } : { type: 'wait', deadline };
}
