// Makes the typed client and the connection state available to every screen.
import { createContext, useContext, useSyncExternalStore, type ReactNode } from 'react';
import type { IslandApi } from '../../../src-shared/api/client';
import { epochOf, type Connection, type ConnectionState } from './connection';

interface ApiContextValue {
  api: IslandApi;
  connection: Connection;
}

const ApiContext = createContext<ApiContextValue | null>(null);

export function ApiProvider({ api, connection, children }: ApiContextValue & { children: ReactNode }) {
  return <ApiContext.Provider value={{ api, connection }}>{children}</ApiContext.Provider>;
}

function useApiContext(): ApiContextValue {
  const value = useContext(ApiContext);
  if (!value) throw new Error('useApi() needs an <ApiProvider> above it');
  return value;
}

export function useApi(): IslandApi {
  return useApiContext().api;
}

export function useConnection(): ConnectionState {
  const { connection } = useApiContext();
  return useSyncExternalStore(
    (fn) => connection.onState(fn),
    () => connection.state(),
  );
}

/** Changes each time the link opens again: data loaded before may have missed events. */
export function useEpoch(): number {
  return epochOf(useConnection());
}
