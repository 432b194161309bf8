import type { AskingPricesSync } from '../../../../src-shared/api/views';
import { formatTime } from '../../format/units';

/** Whether the coordinator's asking-prices API got the prices (the heartbeat carries them regardless). */
export function ApiSyncNote({ sync }: { sync: AskingPricesSync | null | undefined }) {
  if (!sync || sync.state === 'not-configured') return null;
  if (sync.state === 'posting') return <p className="notice" role="status">Sending the prices to the coordinator's API…</p>;
  if (sync.state === 'posted')
    return (
      <p className="notice" role="status" data-testid="prices-api-sync">
        Sent to the coordinator's asking-prices API at {formatTime(sync.at)}.
      </p>
    );
  return (
    <p className="field-error" role="status" data-testid="prices-api-sync">
      Could not send the prices to the coordinator's API: {sync.error}. The next heartbeat carries them anyway.
    </p>
  );
}
