// Loads one API method's answer, again whenever the link reopens (events may have been missed
// meanwhile), and lets a screen replace it with what an event or a later call returned.
import { useCallback, useEffect, useState } from 'react';
import type { ApiMethod, ApiParamsIn, ApiResult } from '../../../src-shared/api/methods';
import { useApi, useEpoch } from './api-context';

export type QueryState<T> =
  | { kind: 'loading' }
  | { kind: 'ready'; data: T }
  | { kind: 'failed'; error: Error };

export interface Query<T> {
  state: QueryState<T>;
  /** The data, also while a reload is under way after a failure-free load. */
  data: T | undefined;
  reload(): void;
  /** Replace the data (an event or a mutation's answer brought a newer one). */
  set(data: T): void;
  /** Change loaded data; nothing happens before the first load (that load brings it all). */
  patch(update: (previous: T) => T): void;
}

export function useQuery<M extends ApiMethod>(method: M, params?: ApiParamsIn<M>): Query<ApiResult<M>> {
  const api = useApi();
  const epoch = useEpoch();
  const [state, setState] = useState<QueryState<ApiResult<M>>>({ kind: 'loading' });
  const [nonce, setNonce] = useState(0);
  // Params are compared by value so an inline object literal does not reload on every render.
  const key = JSON.stringify(params ?? {});

  useEffect(() => {
    let live = true;
    // The method and its params were checked together by the hook's signature.
    const call = api.call as (m: ApiMethod, p?: unknown) => Promise<ApiResult<M>>;
    call.call(api, method, JSON.parse(key)).then(
      (data) => live && setState({ kind: 'ready', data }),
      (error: unknown) => live && setState((prev) => (prev.kind === 'ready' ? prev : { kind: 'failed', error: error instanceof Error ? error : new Error(String(error)) })),
    );
    return () => {
      live = false;
    };
  }, [api, method, key, epoch, nonce]);

  const reload = useCallback(() => setNonce((n) => n + 1), []);
  const set = useCallback((data: ApiResult<M>) => setState({ kind: 'ready', data }), []);
  const patch = useCallback((update: (previous: ApiResult<M>) => ApiResult<M>) => {
    setState((prev) => (prev.kind === 'ready' ? { kind: 'ready', data: update(prev.data) } : prev));
  }, []);

  return { state, data: state.kind === 'ready' ? state.data : undefined, reload, set, patch };
}
