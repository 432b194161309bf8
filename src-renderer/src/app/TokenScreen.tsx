// Shown instead of the dashboard when the agent will not let this page in. The fix is always the
// same: open the URL the Island printed at start (it carries a fresh token).
import type { ConnectionState } from '../api/connection';

export function TokenScreen({ state }: { state: Extract<ConnectionState, { kind: 'refused' | 'no-token' }> }) {
  return (
    <main className="full-page card" data-testid="token-screen">
      <h1>{state.kind === 'no-token' ? 'This dashboard link has no token' : "This link's token is wrong or expired"}</h1>
      <p>
        Open the URL the Island printed when it started (the line that begins with <code>Dashboard:</code>). It carries a token that is new
        each time the Island starts, so an older link stops working after a restart.
      </p>
      {state.kind === 'refused' && <p className="muted small">Details: {state.reason}</p>}
    </main>
  );
}
