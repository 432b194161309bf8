// The dashboard shell: nav, connection banner and the current screen, or the token screen when
// the agent refuses this page.
import { Suspense } from 'react';
import { AlertsProvider } from '../alerts/alerts-context';
import { useConnection } from '../api/api-context';
import { ConnectionBanner } from './ConnectionBanner';
import { Nav } from './Nav';
import { findScreen } from './screens';
import { TokenScreen } from './TokenScreen';
import { useRoute } from './use-route';

export function App() {
  const state = useConnection();
  const route = useRoute();
  if (state.kind === 'refused' || state.kind === 'no-token') return <TokenScreen state={state} />;
  const screen = findScreen(route);
  const Screen = screen.component;
  return (
    // Alerts are kept page-wide: one that arrives on another screen is still there to read.
    <AlertsProvider>
      <div className="app">
        <Nav current={screen.id} />
        <main className="main" aria-labelledby="screen-title">
          <ConnectionBanner />
          <Suspense fallback={<p className="muted" role="status">Loading…</p>}>
            <Screen />
          </Suspense>
        </main>
      </div>
    </AlertsProvider>
  );
}
