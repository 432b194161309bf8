// The weekly schedule: several windows, each with its days and start/end times, read on the clock
// of the chosen time zone. No window means "any time".
import { useId } from 'react';
import { WEEKDAYS, type Weekday } from '../../../../src-shared/domain/availability/types';
import { newWindow, type WindowForm } from './policy-form';
import { FieldError, PolicyField } from './PolicyField';
import { browserTimeZone, timeZoneChoices } from './time-zones';

const DAY_NAMES: Record<Weekday, string> = { mon: 'Mon', tue: 'Tue', wed: 'Wed', thu: 'Thu', fri: 'Fri', sat: 'Sat', sun: 'Sun' };

export interface ScheduleEditorProps {
  windows: WindowForm[];
  timezone: string;
  savedTimezone: string;
  errors: Record<string, string>;
  onWindows(w: WindowForm[]): void;
  onTimezone(z: string): void;
}

export function ScheduleEditor({ windows, timezone, savedTimezone, errors, onWindows, onTimezone }: ScheduleEditorProps) {
  const zoneId = useId();
  const replace = (i: number, w: WindowForm) => onWindows(windows.map((x, j) => (j === i ? w : x)));
  return (
    <fieldset className="card stack" data-testid="policy-schedule">
      <legend className="legend">Schedule</legend>
      <p className="notice">Take jobs only inside these windows. With no window, any time is fine. A window that ends before it starts runs past midnight.</p>
      <div className="stack policy-field">
        <label htmlFor={zoneId}>Time zone</label>
        <select id={zoneId} value={timezone} onChange={(e) => onTimezone(e.target.value)} data-testid="policy-timezone" aria-invalid={errors.timezone ? true : undefined}>
          <option value="">System time zone ({browserTimeZone()} here)</option>
          {timeZoneChoices(savedTimezone).map((z) => (
            <option key={z} value={z}>
              {z}
            </option>
          ))}
        </select>
        {errors.timezone && <FieldError testId="policy-error-timezone" message={errors.timezone} />}
      </div>
      {windows.length === 0 && (
        <p className="muted" data-testid="schedule-empty">
          No window: the schedule does not hold the Island back.
        </p>
      )}
      <ol className="stack schedule-windows">
        {windows.map((w, i) => (
          <li key={w.key} className="schedule-window" data-testid={`window-${i}`}>
            <fieldset className="stack">
              <legend>Window {i + 1}</legend>
              <div className="row" role="group" aria-label={`Days of window ${i + 1}`}>
                {WEEKDAYS.map((d) => (
                  <label key={d} className="inline day">
                    <input
                      type="checkbox"
                      checked={w.days.includes(d)}
                      data-testid={`window-${i}-day-${d}`}
                      onChange={(e) => replace(i, { ...w, days: e.target.checked ? [...w.days, d] : w.days.filter((x) => x !== d) })}
                    />
                    {DAY_NAMES[d]}
                  </label>
                ))}
              </div>
              {errors[`schedule.${i}.days`] && <FieldError testId={`policy-error-schedule-${i}-days`} message={errors[`schedule.${i}.days`]!} />}
              <div className="row align-start">
                <PolicyField name={`window-${i}-start`} label={`Window ${i + 1} start`} hint="HH:MM" value={w.start} error={errors[`schedule.${i}.start`]} onChange={(v) => replace(i, { ...w, start: v })} />
                <PolicyField name={`window-${i}-end`} label={`Window ${i + 1} end`} hint="HH:MM, 24:00 for midnight" value={w.end} error={errors[`schedule.${i}.end`]} onChange={(v) => replace(i, { ...w, end: v })} />
              </div>
              <div>
                <button type="button" className="danger" onClick={() => onWindows(windows.filter((_, j) => j !== i))} data-testid={`window-${i}-remove`}>
                  Remove window {i + 1}
                </button>
              </div>
            </fieldset>
          </li>
        ))}
      </ol>
      {errors.schedule && <FieldError testId="policy-error-schedule" message={errors.schedule} />}
      <div>
        <button type="button" onClick={() => onWindows([...windows, newWindow()])} data-testid="window-add">
          Add a window
        </button>
      </div>
    </fieldset>
  );
}
