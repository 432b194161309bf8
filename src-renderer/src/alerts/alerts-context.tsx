// The page-wide alert list: subscribed once at the shell, so alerts that arrive while another
// screen is open are still there when the owner looks (the nav shows how many).
import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';
import { useApiEvent } from '../api/use-event';
import { addAlert, dismissAlert, dismissAll, EMPTY_ALERTS, type KeptAlert } from './alert-list';

interface AlertsValue {
  alerts: readonly KeptAlert[];
  dismiss(id: number): void;
  dismissAll(): void;
}

const AlertsContext = createContext<AlertsValue | null>(null);

export function AlertsProvider({ children }: { children: ReactNode }) {
  const [list, setList] = useState(EMPTY_ALERTS);
  useApiEvent('alert', (e) => setList((l) => addAlert(l, e.alert)));
  const dismiss = useCallback((id: number) => setList((l) => dismissAlert(l, id)), []);
  const clear = useCallback(() => setList((l) => dismissAll(l)), []);
  const value = useMemo(() => ({ alerts: list.items, dismiss, dismissAll: clear }), [list.items, dismiss, clear]);
  return <AlertsContext.Provider value={value}>{children}</AlertsContext.Provider>;
}

export function useAlerts(): AlertsValue {
  const value = useContext(AlertsContext);
  if (!value) throw new Error('useAlerts() needs an <AlertsProvider> above it');
  return value;
}
