// A live countdown to the agent's next availability change. The agent sends how long is left
// (countdownMs) with each status; counting from when that arrived, rather than comparing its
// epoch with this page's clock, keeps the countdown right when the two clocks disagree.
import { useState } from 'react';
import type { AvailabilityView } from '../../../src-shared/api/views';
import { useNow } from './use-now';

/** Milliseconds left (never negative), or null when only a new reading or policy can change it. */
export function useCountdown(a: AvailabilityView): number | null {
  const now = useNow(1000);
  const left = a.countdownMs ?? null;
  const key = `${a.nextChangeAt ?? 'none'}:${left ?? 'none'}`;
  const [anchor, setAnchor] = useState(() => ({ key, deadline: left === null ? null : Date.now() + left }));
  // A new answer from the agent restarts the count (a state update during render: React redoes it at once).
  if (anchor.key !== key) setAnchor({ key, deadline: left === null ? null : Date.now() + left });
  if (left === null || anchor.key !== key || anchor.deadline === null) return left;
  // `now` may predate the answer by up to a tick: never count above what the agent said.
  return Math.max(0, Math.min(left, anchor.deadline - now));
}
