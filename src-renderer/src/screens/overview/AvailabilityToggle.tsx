// One switch to take jobs or pause, and "pause for 1 h" beside it. The switch shows the owner's
// choice (mode); whether jobs actually arrive is the reason text above it.
import type { AvailabilityView, StatusView } from '../../../../src-shared/api/views';
import { useSetAvailability } from '../../components/use-set-availability';
import { formatTime } from '../../format/units';

export function AvailabilityToggle({ availability, onStatus }: { availability: AvailabilityView; onStatus: (s: StatusView) => void }) {
  const { busy, error, set } = useSetAvailability(onStatus);
  const online = availability.mode === 'online';

  return (
    <div className="stack">
      <div className="row">
        <button
          type="button"
          role="switch"
          className="switch"
          aria-checked={online}
          aria-label="Available for jobs"
          data-testid="availability-toggle"
          disabled={busy}
          onClick={() => void set(online ? 'paused' : 'online')}
        >
          <span className="knob" aria-hidden="true" />
          <span>{online ? 'Available for jobs' : 'Paused'}</span>
        </button>
        {online && (
          <button type="button" disabled={busy} onClick={() => void set('paused', 60)} data-testid="pause-1h">
            Pause for 1 h
          </button>
        )}
      </div>
      {availability.mode === 'paused' && availability.pausedUntil !== null && (
        <p className="notice">Resumes by itself at {formatTime(availability.pausedUntil)}.</p>
      )}
      {error && (
        <p className="field-error" role="alert">
          Could not change availability: {error}
        </p>
      )}
    </div>
  );
}
