// Under the reason on the status card: which rule decided and the live countdown to the next
// change, from the agent's availability answer.
import type { AvailabilityView } from '../../../../src-shared/api/views';
import { countdownLabel, ruleLabel } from '../../components/availability-text';
import { useCountdown } from '../../components/use-countdown';
import { formatCountdown } from '../../format/units';

export function DecisionLine({ availability }: { availability: AvailabilityView }) {
  const left = useCountdown(availability);
  const rule = ruleLabel(availability.decidedBy);
  if (rule === null && left === null) return null;
  return (
    <p className="muted small row">
      {rule && <span data-testid="availability-rule">Decided by: {rule}</span>}
      {left !== null && (
        <span data-testid="availability-countdown">
          {countdownLabel(availability)} {formatCountdown(left)}
        </span>
      )}
    </p>
  );
}
