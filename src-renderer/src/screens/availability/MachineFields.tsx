// The thermal guard and power cap, what pausing does to running work, and which GPUs are offered.
import type { GpuInfo } from '../../../../src-shared/api/views';
import type { GuardFieldsProps } from './GuardFields';
import { FieldError, PolicyField } from './PolicyField';

export function ThermalFields({ form, errors, update }: GuardFieldsProps) {
  return (
    <fieldset className="card stack" data-testid="policy-thermal">
      <legend className="legend">Temperature and power</legend>
      <div className="row align-start">
        <PolicyField name="thermal-pause" label="Pause above (°C)" hint="GPU temperature. Empty: no thermal guard." value={form.thermalPause} error={errors.thermal_pause_c} onChange={(v) => update('thermalPause', v)} />
        <PolicyField name="thermal-resume" label="Resume below (°C)" hint="Lower than the pause line. Empty: 10 °C below it." value={form.thermalResume} error={errors.thermal_resume_c} onChange={(v) => update('thermalResume', v)} />
        <PolicyField name="power-limit" label="Power limit per GPU (W)" hint="While jobs run. Empty: the driver's limit." value={form.powerLimit} error={errors.power_limit_w} onChange={(v) => update('powerLimit', v)} />
      </div>
    </fieldset>
  );
}

export function PauseFields({ form, update }: Omit<GuardFieldsProps, 'errors'>) {
  return (
    <fieldset className="card stack" data-testid="policy-on-pause">
      <legend className="legend">When the Island pauses</legend>
      <label className="inline">
        <input type="radio" name="on-pause" value="finish" checked={form.onPause === 'finish'} onChange={() => update('onPause', 'finish')} data-testid="policy-on-pause-finish" />
        Let running jobs finish
      </label>
      <label className="inline">
        <input type="radio" name="on-pause" value="cancel" checked={form.onPause === 'cancel'} onChange={() => update('onPause', 'cancel')} data-testid="policy-on-pause-cancel" />
        Cancel running jobs at once
      </label>
      <label className="inline">
        <input type="checkbox" checked={form.unloadModels} onChange={(e) => update('unloadModels', e.target.checked)} data-testid="policy-unload-models" />
        Unload models to free GPU memory
      </label>
    </fieldset>
  );
}

export function GpuOfferFields({ gpus, form, errors, update }: GuardFieldsProps & { gpus: readonly GpuInfo[] }) {
  const excluded = new Set(form.excludeGpus);
  const toggle = (id: string, offered: boolean) => update('excludeGpus', offered ? form.excludeGpus.filter((x) => x !== id) : [...form.excludeGpus, id]);
  const known = new Set(gpus.map((g) => String(g.index)));
  const others = form.excludeGpus.filter((x) => !known.has(x));
  return (
    <fieldset className="card stack" data-testid="policy-gpus">
      <legend className="legend">GPUs offered</legend>
      {gpus.length === 0 && <p className="muted">No GPU detected.</p>}
      {gpus.map((g) => (
        <label key={g.index} className="inline">
          <input type="checkbox" checked={!excluded.has(String(g.index))} onChange={(e) => toggle(String(g.index), e.target.checked)} data-testid={`policy-gpu-${g.index}`} />
          Offer GPU {g.index}: {g.name}
        </label>
      ))}
      {others.length > 0 && <p className="notice">Also excluded in config.toml: {others.join(', ')}</p>}
      <p className="notice">An excluded GPU never reaches a container or a model. A change takes effect when the Island restarts.</p>
      {errors.exclude_gpus && <FieldError testId="policy-error-exclude-gpus" message={errors.exclude_gpus} />}
    </fieldset>
  );
}
