// Renders a query's data, or says it is loading or why it failed (with a retry).
import type { ReactNode } from 'react';
import type { Query } from '../api/use-query';

export function Loaded<T>({ query, what, children }: { query: Query<T>; what: string; children: (data: T) => ReactNode }) {
  if (query.state.kind === 'ready') return <>{children(query.state.data)}</>;
  if (query.state.kind === 'loading') return <p className="muted" role="status">Loading {what}…</p>;
  return (
    <div className="banner error" role="alert">
      <p>Could not load {what}: {query.state.error.message}</p>
      <button type="button" onClick={query.reload}>
        Try again
      </button>
    </div>
  );
}
