// When this Island takes jobs: the current decision with its reason and countdown, quick pause and
// resume, recent alerts, and the owner's policy (schedule, idle-only, game mode, thermal guard,
// power, what pausing does, GPUs offered).
import { useState } from 'react';
import type { AvailabilityPolicyView, StatusView } from '../../../../src-shared/api/views';
import { useQuery } from '../../api/use-query';
import { useStatus } from '../../api/use-status';
import { AlertsPanel } from '../../alerts/AlertsPanel';
import { Loaded } from '../../components/Loaded';
import { DecisionCard } from './DecisionCard';
import { PolicyEditor } from './PolicyEditor';
import { QuickActions } from './QuickActions';

export default function AvailabilityScreen() {
  const status = useStatus();
  const policy = useQuery('availability.get');
  const [saved, setSaved] = useState<{ restartRequired: boolean; count: number } | null>(null);

  const onSaved = (answer: AvailabilityPolicyView) => {
    setSaved((prev) => ({ restartRequired: answer.restartRequired || (prev?.restartRequired ?? false), count: (prev?.count ?? 0) + 1 }));
    policy.set(answer);
    status.patch((s: StatusView) => ({ ...s, availability: answer.status }));
  };

  return (
    <section className="screen">
      <h1 id="screen-title">Availability</h1>
      <Loaded query={status} what="the Island's status">
        {(s) => (
          <div className="grid">
            <DecisionCard availability={s.availability} />
            <QuickActions availability={s.availability} onStatus={status.set} />
          </div>
        )}
      </Loaded>
      <AlertsPanel />
      {saved && (
        <div className={`banner ${saved.restartRequired ? 'warn' : 'info'}`} role="status" data-testid={saved.restartRequired ? 'policy-restart-required' : 'policy-saved'}>
          {saved.restartRequired ? 'Saved. The GPUs offered change when the Island restarts; the rest applies now.' : 'Saved. The Island applies it now.'}
        </div>
      )}
      <Loaded query={policy} what="the availability policy">
        {(view) => (
          // A save, or a policy reloaded after a reconnect, starts the form afresh from what the agent holds.
          <PolicyEditor key={`${saved?.count ?? 0}:${JSON.stringify(view.settings)}`} view={view} gpus={status.data?.hardware.gpus ?? []} onSaved={onSaved} />
        )}
      </Loaded>
    </section>
  );
}
