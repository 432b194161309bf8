// Go online, pause, pause for an hour or for a number of minutes: availability.set, whose answer
// (the new status) replaces the one shown.
import { useId, useState } from 'react';
import { apiParamSchemas } from '../../../../src-shared/api/methods';
import type { AvailabilityView, StatusView } from '../../../../src-shared/api/views';
import { useSetAvailability } from '../../components/use-set-availability';
import { formatTime } from '../../format/units';
import { FieldError } from './PolicyField';

const minutesSchema = apiParamSchemas['availability.set'].shape.forMinutes.unwrap();

export function QuickActions({ availability, onStatus }: { availability: AvailabilityView; onStatus: (s: StatusView) => void }) {
  const { busy, error, set } = useSetAvailability(onStatus);
  const id = useId();
  const [minutes, setMinutes] = useState('30');
  const [minutesError, setMinutesError] = useState<string | null>(null);

  const pauseCustom = () => {
    const t = minutes.trim();
    const n = /^\d+$/.test(t) ? Number(t) : NaN;
    const checked = minutesSchema.safeParse(n);
    if (!checked.success) return setMinutesError(`enter whole minutes from 1 to ${7 * 24 * 60} (a week)`);
    setMinutesError(null);
    void set('paused', checked.data);
  };

  const paused = availability.mode === 'paused';
  return (
    <section className="card stack" aria-labelledby="quick-heading">
      <h2 id="quick-heading">Quick actions</h2>
      <div className="row">
        <button type="button" className={paused ? 'primary' : undefined} disabled={busy || !paused} onClick={() => void set('online')} data-testid="quick-online">
          Go online
        </button>
        <button type="button" disabled={busy || (paused && availability.pausedUntil === null)} onClick={() => void set('paused')} data-testid="quick-pause">
          Pause
        </button>
        <button type="button" disabled={busy} onClick={() => void set('paused', 60)} data-testid="quick-pause-1h">
          Pause for 1 h
        </button>
      </div>
      <div className="row quick-custom">
        <label htmlFor={id}>Pause for minutes</label>
        <input
          id={id}
          type="text"
          inputMode="numeric"
          size={5}
          value={minutes}
          aria-invalid={minutesError ? true : undefined}
          aria-describedby={minutesError ? `${id}-error` : undefined}
          data-testid="quick-minutes"
          onChange={(e) => setMinutes(e.target.value)}
        />
        <button type="button" disabled={busy} onClick={pauseCustom} data-testid="quick-pause-minutes">
          Pause for {/^\d+$/.test(minutes.trim()) ? `${minutes.trim()} min` : 'these minutes'}
        </button>
      </div>
      {minutesError && <FieldError id={`${id}-error`} testId="quick-minutes-error" message={minutesError} />}
      {paused && availability.pausedUntil !== null && <p className="notice">Goes online again by itself at {formatTime(availability.pausedUntil)}.</p>}
      {error && (
        <p className="field-error" role="alert">
          Could not change availability: {error}
        </p>
      )}
    </section>
  );
}
