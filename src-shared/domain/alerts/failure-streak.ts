// Failed jobs in a row: a success ends the streak; a cancel says nothing about this Island's
// health (the consumer or the owner asked for it), so it leaves the streak as it is.
export type JobOutcomeKind = 'succeeded' | 'failed' | 'cancelled';

export interface FailureStreak {
  count: number;
  lastError: string | null;
}

export const NO_STREAK: FailureStreak = { count: 0, lastError: null };

export function nextStreak(s: FailureStreak, outcome: JobOutcomeKind, error?: string): FailureStreak {
  if (outcome === 'succeeded') return NO_STREAK;
  if (outcome === 'cancelled') return s;
  return { count: s.count + 1, lastError: error ?? null };
}
