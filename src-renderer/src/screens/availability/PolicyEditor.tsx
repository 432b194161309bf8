// The owner's policy, edited and saved through availability.setPolicy: only what changed is sent,
// checked first with the agent's own schemas; an error the agent sends back is shown beside the
// field it names.
import { useState } from 'react';
import type { AvailabilityPolicyView, GpuInfo } from '../../../../src-shared/api/views';
import { useApi } from '../../api/api-context';
import { describeError, errorField } from '../../components/errors';
import { GameFields, IdleFields } from './GuardFields';
import { GpuOfferFields, PauseFields, ThermalFields } from './MachineFields';
import { buildPolicyChanges, formFromSettings, placeErrors, type PolicyErrors, type PolicyForm } from './policy-form';
import { ScheduleEditor } from './ScheduleEditor';

export interface PolicyEditorProps {
  view: AvailabilityPolicyView;
  gpus: readonly GpuInfo[];
  onSaved(answer: AvailabilityPolicyView): void;
}

export function PolicyEditor({ view, gpus, onSaved }: PolicyEditorProps) {
  const api = useApi();
  const [form, setForm] = useState<PolicyForm>(() => formFromSettings(view.settings));
  const [errors, setErrors] = useState<PolicyErrors>({});
  const [result, setResult] = useState<{ tone: 'ok' | 'error'; text: string } | null>(null);
  const [busy, setBusy] = useState(false);

  const update = <K extends keyof PolicyForm>(field: K, value: PolicyForm[K]) => {
    setForm((f) => ({ ...f, [field]: value }));
    setResult(null);
  };

  const save = async () => {
    const built = buildPolicyChanges(form, view.settings);
    setErrors(built.errors);
    setResult(null);
    if (Object.keys(built.errors).length > 0) return setResult({ tone: 'error', text: 'Not saved: correct the fields marked above.' });
    if (Object.keys(built.changes).length === 0) return setResult({ tone: 'ok', text: 'Nothing changed.' });
    setBusy(true);
    try {
      onSaved(await api.call('availability.setPolicy', built.changes));
    } catch (err) {
      const field = errorField(err);
      setErrors(field === null ? {} : { [field]: describeError(err) });
      setResult({ tone: 'error', text: `Could not save: ${describeError(err)}` });
      setBusy(false);
    }
  };

  const { byField, other } = placeErrors(errors, form);
  const props = { form, errors: byField, update };
  return (
    <form
      noValidate
      aria-label="Availability policy"
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
    >
      <ScheduleEditor
        windows={form.schedule}
        timezone={form.timezone}
        savedTimezone={view.settings.timezone ?? ''}
        errors={byField}
        onWindows={(w) => update('schedule', w)}
        onTimezone={(z) => update('timezone', z)}
      />
      <div className="grid">
        <IdleFields {...props} />
        <GameFields {...props} />
      </div>
      <ThermalFields {...props} />
      <div className="grid">
        <PauseFields form={form} update={update} />
        <GpuOfferFields {...props} gpus={gpus} />
      </div>
      <div className="row">
        <button type="submit" className="primary" disabled={busy} data-testid="policy-save">
          Save policy
        </button>
        {result && (
          <span className={result.tone === 'ok' ? 'notice' : 'field-error'} role="status" data-testid="policy-result">
            {result.text}
          </span>
        )}
      </div>
      {other.length > 0 && (
        <ul className="field-error" data-testid="policy-other-errors">
          {other.map((o) => (
            <li key={o}>{o}</li>
          ))}
        </ul>
      )}
    </form>
  );
}
