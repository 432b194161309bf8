// The Island's status: status.get once (and after every reconnect), then every 'status' event.
import type { StatusView } from '../../../src-shared/api/views';
import type { PricesView } from '../../../src-shared/api/views';
import { useApiEvent } from './use-event';
import { useQuery, type Query } from './use-query';

export function useStatus(): Query<StatusView> {
  const query = useQuery('status.get');
  useApiEvent('status', (e) => query.set(e.status));
  return query;
}

/** Asking prices, kept current by 'prices' events (another window or the tray may change them). */
export function usePrices(): Query<PricesView> {
  const query = useQuery('prices.get');
  useApiEvent('prices', (e) => query.set(e.prices));
  return query;
}
