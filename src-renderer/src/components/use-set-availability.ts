// Go online or pause (optionally for N minutes) through availability.set; the agent's answer (the
// new status) goes to `onStatus`. Shared by the Overview toggle and the Availability screen.
import { useState } from 'react';
import type { StatusView } from '../../../src-shared/api/views';
import { useApi } from '../api/api-context';
import { describeError } from './errors';

export function useSetAvailability(onStatus: (s: StatusView) => void) {
  const api = useApi();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const set = async (mode: 'online' | 'paused', forMinutes?: number) => {
    setBusy(true);
    setError(null);
    try {
      onStatus(await api.call('availability.set', forMinutes === undefined ? { mode } : { mode, forMinutes }));
    } catch (err) {
      setError(describeError(err));
    } finally {
      setBusy(false);
    }
  };

  return { busy, error, set };
}
