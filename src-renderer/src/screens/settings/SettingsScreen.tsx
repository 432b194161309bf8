// Settings kept in config.toml: the coordinator (credentials write-only), resource limits, cache
// sizes, concurrency and which GPUs are offered. Only changed keys are sent; the agent writes them
// keeping the file's comments and says when a restart is needed.
import { useState } from 'react';
import type { ApiResult } from '../../../../src-shared/api/methods';
import type { GpuInfo, SettingsView } from '../../../../src-shared/api/views';
import { useApi } from '../../api/api-context';
import { useQuery } from '../../api/use-query';
import { describeError, errorField } from '../../components/errors';
import { Loaded } from '../../components/Loaded';
import { buildChanges, formFromSettings, type FieldErrors, type FormField, type SettingsForm } from './settings-form';
import { TextField } from './TextField';

export default function SettingsScreen() {
  const settings = useQuery('settings.get');
  const hardware = useQuery('hardware.get');
  const [saved, setSaved] = useState<{ restartRequired: boolean; count: number } | null>(null);
  return (
    <section className="screen">
      <h1 id="screen-title">Settings</h1>
      {saved && (
        <div className={`banner ${saved.restartRequired ? 'warn' : 'info'}`} role="status" data-testid={saved.restartRequired ? 'restart-required' : 'settings-saved'}>
          {saved.restartRequired ? 'Saved. Restart the Island for these settings to take effect.' : 'Saved.'}
        </div>
      )}
      <Loaded query={settings} what="settings">
        {(view) => (
          // Each save, and a new view loaded after a reconnect, starts the form afresh from it (so a
          // typed password never lingers in it).
          <SettingsEditor
            key={`${saved?.count ?? 0}:${JSON.stringify(view)}`}
            view={view}
            gpus={hardware.data?.info.gpus ?? []}
            onSaved={(answer) => {
              setSaved((prev) => ({ restartRequired: answer.restartRequired || (prev?.restartRequired ?? false), count: (prev?.count ?? 0) + 1 }));
              settings.set(answer.settings);
            }}
          />
        )}
      </Loaded>
    </section>
  );
}

function SettingsEditor({ view, gpus, onSaved }: { view: SettingsView; gpus: readonly GpuInfo[]; onSaved: (answer: ApiResult<'settings.set'>) => void }) {
  const api = useApi();
  const [form, setForm] = useState<SettingsForm>(() => formFromSettings(view));
  const [errors, setErrors] = useState<FieldErrors>({});
  const [result, setResult] = useState<{ tone: 'ok' | 'error'; text: string } | null>(null);
  const [busy, setBusy] = useState(false);

  const update = <K extends FormField>(field: K, value: SettingsForm[K]) => {
    setForm((f) => ({ ...f, [field]: value }));
    setErrors((e) => ({ ...e, [field]: undefined }));
  };

  const save = async () => {
    const built = buildChanges(form, view);
    setErrors(built.errors);
    setResult(null);
    if (Object.values(built.errors).some(Boolean)) return;
    if (Object.keys(built.changes).length === 0) return setResult({ tone: 'ok', text: 'Nothing changed.' });
    setBusy(true);
    try {
      onSaved(await api.call('settings.set', built.changes));
    } catch (err) {
      const field = errorField(err);
      if (field && field in form) setErrors({ [field]: describeError(err) });
      else setResult({ tone: 'error', text: `Could not save: ${describeError(err)}` });
      setBusy(false);
    }
  };

  const field = (name: FormField, label: string, hint?: string, type: 'text' | 'number' | 'url' | 'password' = 'text') => (
    <TextField name={name} label={label} hint={hint} type={type} value={form[name] as string} error={errors[name]} onChange={(v) => update(name, v)} />
  );

  return (
    <form
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
    >
      <fieldset className="card stack">
        <legend className="legend">Coordinator</legend>
        {field('natsUrl', 'Coordinator URL', 'The NATS server, e.g. nats://sail.archipelag.io:4222', 'url')}
        <div className="row">
          {view.natsHasCredentials ? <span className="badge ok" data-testid="credentials-set">credentials set</span> : <span className="badge">no credentials</span>}
        </div>
        {view.natsHasCredentials && form.credentials === '' && form.natsUrl.trim() !== view.natsUrl && (
          // The agent keeps stored credentials only for the same server: a new one starts without.
          <p className="notice" role="status" data-testid="credentials-dropped">
            The stored credentials belong to the current server: type them again if the new one needs them.
          </p>
        )}
        {field('credentials', 'Credentials', view.natsHasCredentials ? 'Leave empty to keep the credentials already set. user:password or a token.' : 'user:password or a token, if the server needs one.', 'password')}
        {field('apiUrl', 'Coordinator API URL', 'For karma, market rates and asking prices, e.g. https://app.archipelag.io. Empty: none.', 'url')}
      </fieldset>
      <fieldset className="card stack">
        <legend className="legend">Resources</legend>
        {field('memoryMb', 'Memory limit per job (MB)', undefined, 'number')}
        {field('cpuPercent', 'CPU limit (% of the machine)', 'Empty: no limit.', 'number')}
        {field('maxConcurrentJobs', 'Jobs at once', 'Empty: decided from the hardware.', 'number')}
        <label className="inline">
          <input type="checkbox" checked={form.networkDisabled} onChange={(e) => update('networkDisabled', e.target.checked)} />
          No network for Cargos
        </label>
      </fieldset>
      <fieldset className="card stack">
        <legend className="legend">Caches</legend>
        {field('modelCacheGb', 'Model cache size (GB)', undefined, 'number')}
        {field('imageCacheGb', 'Image cache size (GB)', undefined, 'number')}
      </fieldset>
      <GpuChoice gpus={gpus} value={form.gpuDevices} error={errors.gpuDevices} onChange={(v) => update('gpuDevices', v)} />
      <div className="row">
        <button type="submit" className="primary" disabled={busy} data-testid="settings-save">
          Save settings
        </button>
        {result && (
          <span className={result.tone === 'ok' ? 'notice' : 'field-error'} role="status">
            {result.text}
          </span>
        )}
      </div>
      <p className="muted small">
        Stored in <code>{view.configPath}</code>.
      </p>
    </form>
  );
}

function GpuChoice({ gpus, value, error, onChange }: { gpus: readonly GpuInfo[]; value: string[] | null; error: string | undefined; onChange: (v: string[] | null) => void }) {
  const all = gpus.map((g) => String(g.index));
  const offered = (i: string) => value === null || value.includes(i);
  const toggle = (i: string, on: boolean) => {
    const next = all.filter((x) => (x === i ? on : offered(x)));
    onChange(next.length === all.length && (value === null || value.every((v) => all.includes(v))) ? null : next);
  };
  const unknown = value?.filter((v) => !all.includes(v)) ?? [];
  return (
    <fieldset className="card stack" aria-describedby={error ? 'gpu-error' : undefined}>
      <legend className="legend">GPUs offered</legend>
      {gpus.length === 0 && <p className="muted">No GPU detected.</p>}
      {gpus.map((g) => (
        <label key={g.index} className="inline">
          <input type="checkbox" checked={offered(String(g.index))} onChange={(e) => toggle(String(g.index), e.target.checked)} />
          GPU {g.index}: {g.name}
        </label>
      ))}
      {unknown.length > 0 && <p className="notice">Also configured: {unknown.join(', ')}</p>}
      {error && (
        <p id="gpu-error" className="field-error" role="alert">
          {error}
        </p>
      )}
    </fieldset>
  );
}
