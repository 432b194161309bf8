// Says when the dashboard is not (yet) talking to the Island. Data on screen stays visible while
// it reconnects; it is reloaded once the link is back.
import { useConnection } from '../api/api-context';
import { useNow } from '../components/use-now';
import { formatCountdown } from '../format/units';

export function ConnectionBanner() {
  const state = useConnection();
  if (state.kind === 'connecting') {
    return (
      <div className="banner info" role="status">
        Connecting to the Island…
      </div>
    );
  }
  if (state.kind !== 'reconnecting') return null;
  return <Reconnecting attempt={state.attempt} retryAt={state.retryAt} reason={state.reason} />;
}

function Reconnecting({ attempt, retryAt, reason }: { attempt: number; retryAt: number; reason: string }) {
  const now = useNow(500);
  const wait = retryAt - now;
  return (
    <div className="banner warn" role="status" data-testid="reconnecting-banner">
      <strong>Reconnecting…</strong> Lost the link to the Island ({reason}).{' '}
      {wait > 0 ? `Next try in ${formatCountdown(wait)}` : 'Trying now'} (attempt {attempt}).
    </div>
  );
}
