// Idle-only mode and game mode: the rules that give the machine back to its owner while they use it.
import { useId } from 'react';
import type { PolicyForm } from './policy-form';
import { FieldError, PolicyField } from './PolicyField';

export interface GuardFieldsProps {
  form: PolicyForm;
  errors: Record<string, string>;
  update<K extends keyof PolicyForm>(field: K, value: PolicyForm[K]): void;
}

export function IdleFields({ form, errors, update }: GuardFieldsProps) {
  return (
    <fieldset className="card stack" data-testid="policy-idle">
      <legend className="legend">Idle-only</legend>
      <label className="inline">
        <input type="checkbox" checked={form.idleOnly} onChange={(e) => update('idleOnly', e.target.checked)} data-testid="policy-idle-only" />
        Take jobs only while the computer is idle
      </label>
      <PolicyField
        name="idle-minutes"
        label="Idle for (minutes)"
        hint="The desktop app reads the OS idle time. A headless Island cannot tell, and its status says so."
        value={form.idleMinutes}
        error={errors.idle_minutes}
        disabled={!form.idleOnly}
        onChange={(v) => update('idleMinutes', v)}
      />
    </fieldset>
  );
}

export function GameFields({ form, errors, update }: GuardFieldsProps) {
  const listId = useId();
  return (
    <fieldset className="card stack" data-testid="policy-game">
      <legend className="legend">Game mode</legend>
      <label className="inline">
        <input type="checkbox" checked={form.gameMode} onChange={(e) => update('gameMode', e.target.checked)} data-testid="policy-game-mode" />
        Pause while a game runs
      </label>
      <div className="stack policy-field">
        <label htmlFor={listId}>Game processes (one per line)</label>
        <textarea
          id={listId}
          rows={3}
          value={form.gameProcesses}
          disabled={!form.gameMode}
          placeholder={'eldenring.exe\ncs2'}
          aria-invalid={errors.game_processes ? true : undefined}
          data-testid="policy-game-processes"
          onChange={(e) => update('gameProcesses', e.target.value)}
        />
        {errors.game_processes && <FieldError testId="policy-error-game-processes" message={errors.game_processes} />}
      </div>
      <label className="inline">
        <input type="checkbox" checked={form.pauseOnFullscreen} disabled={!form.gameMode} onChange={(e) => update('pauseOnFullscreen', e.target.checked)} data-testid="policy-fullscreen" />
        Also pause while any app is full screen
      </label>
    </fieldset>
  );
}
