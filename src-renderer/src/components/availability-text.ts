// How the agent's availability answer reads for the owner: which rule decided, and what the
// countdown counts down to. Shared by the Overview's status card and the Availability screen.
import type { AvailabilityView } from '../../../src-shared/api/views';

const RULES: Record<string, string> = {
  manual: 'Your choice (online or pause)',
  thermal: 'Thermal guard',
  game: 'Game mode',
  schedule: 'Schedule',
  idle: 'Idle-only mode',
  online: 'No rule holds it back',
};

/** The rule that decided, in words; an unknown rule name (a newer agent) is shown as it came. */
export function ruleLabel(decidedBy: string | undefined): string | null {
  if (decidedBy === undefined) return null;
  return RULES[decidedBy] ?? decidedBy;
}

/** What the next change by time alone will be, to label the countdown. */
export function countdownLabel(a: AvailabilityView): string {
  if (a.takingJobs || a.decidedBy === 'online') {
    return a.decidedBy === 'online' ? 'Schedule window ends in' : 'Next change in';
  }
  switch (a.decidedBy) {
    case 'manual':
      return 'Pause ends in';
    case 'schedule':
      return 'Next window opens in';
    case 'idle':
      return 'Starts when idle long enough, in';
    default:
      return 'Next change in';
  }
}
