// The weekly schedule: blocks outside every window; knows when the next window opens or this one closes.
import { scheduleClock } from '../schedule-clock';
import { formatLocalTime } from '../zoned-time';
import type { ScheduleRule, TimeZoneChoice } from '../types';
import type { RuleOutcome } from './rule-outcome';

export function evaluateSchedule(rule: ScheduleRule, zone: TimeZoneChoice, now: number): RuleOutcome {
  if (rule.kind === 'always') return { blocking: null, changesAt: null };
  const clock = scheduleClock(rule.windows, zone);
  const changesAt = clock.nextChange(now);
  if (clock.inside(now)) return { blocking: null, changesAt };
  const next = changesAt === null ? 'no window is set' : `next window ${formatLocalTime(changesAt, now, zone)}`;
  return { blocking: { code: 'outside_schedule', text: `Outside your schedule (${next})`, nextWindowAt: changesAt }, changesAt };
}
