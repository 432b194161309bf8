// The current answer, big: available or not, the agent's reason, the rule that decided, and a
// live countdown to the next change by time alone (a pause ending, a window edge, the idle line).
import type { AvailabilityView } from '../../../../src-shared/api/views';
import { countdownLabel, ruleLabel } from '../../components/availability-text';
import { useCountdown } from '../../components/use-countdown';
import { formatCountdown } from '../../format/units';

export function DecisionCard({ availability: a }: { availability: AvailabilityView }) {
  const left = useCountdown(a);
  const rule = ruleLabel(a.decidedBy);
  return (
    <section className={`card decision ${a.takingJobs ? 'decision-on' : 'decision-off'}`} aria-labelledby="decision-heading" data-testid="decision">
      <h2 id="decision-heading" className="visually-hidden">
        Current decision
      </h2>
      <p className="decision-answer" data-testid="decision-answer">
        {a.takingJobs ? 'Available for jobs' : 'Not taking jobs'}
      </p>
      <p className="decision-reason" data-testid="decision-reason">
        {a.reason}
      </p>
      <dl className="facts">
        {rule && (
          <>
            <dt>Decided by</dt>
            <dd data-testid="decision-rule">{rule}</dd>
          </>
        )}
        {left !== null && (
          <>
            <dt>{countdownLabel(a)}</dt>
            <dd className="decision-countdown" data-testid="decision-countdown" aria-live="off">
              {formatCountdown(left)}
            </dd>
          </>
        )}
      </dl>
    </section>
  );
}
