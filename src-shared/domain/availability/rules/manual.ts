// The owner's own switch: it outranks every automatic rule.
import { formatLocalTime } from '../zoned-time';
import type { ManualRule, TimeZoneChoice } from '../types';
import { PASSES } from './rule-outcome';
import type { RuleOutcome } from './rule-outcome';

export function evaluateManual(rule: ManualRule, zone: TimeZoneChoice, now: number): RuleOutcome {
  switch (rule.kind) {
    case 'online':
      return PASSES;
    case 'paused':
      return { blocking: { code: 'paused_by_owner', text: 'Paused by you' }, changesAt: null };
    case 'paused_until':
      if (now >= rule.until) return PASSES;
      return {
        blocking: { code: 'paused_until', text: `Paused by you until ${formatLocalTime(rule.until, now, zone)}`, until: rule.until },
        changesAt: rule.until,
      };
  }
}
