// An in-memory IslandApi for component tests: answers each method from a handler the test gives
// (or fails with 'not-available' when it gives none), records every call, and pushes events on
// demand exactly as the real client would deliver them.
import { ApiCallError, type ApiCallArgs, type IslandApi } from '../../src-shared/api/client';
import type { ApiEvent, ApiEventOf, ApiEventType } from '../../src-shared/api/events';
import type { ApiMethod, ApiParamsIn, ApiResult } from '../../src-shared/api/methods';

export type FakeHandlers = { [M in ApiMethod]?: (params: ApiParamsIn<M>) => ApiResult<M> | Promise<ApiResult<M>> };

export interface RecordedCall {
  method: ApiMethod;
  params: unknown;
}

export class FakeIslandApi implements IslandApi {
  readonly calls: RecordedCall[] = [];
  private readonly listeners = new Map<ApiEventType, Set<(e: ApiEvent) => void>>();

  constructor(public handlers: FakeHandlers = {}) {}

  call<M extends ApiMethod>(method: M, ...args: ApiCallArgs<M>): Promise<ApiResult<M>> {
    const params = (args[0] ?? {}) as ApiParamsIn<M>;
    this.calls.push({ method, params });
    const handler = this.handlers[method] as ((p: ApiParamsIn<M>) => ApiResult<M> | Promise<ApiResult<M>>) | undefined;
    if (!handler) return Promise.reject(new ApiCallError({ code: 'not-available', message: `the fake has no handler for ${method}` }));
    return Promise.resolve().then(() => handler(params));
  }

  on<T extends ApiEventType>(type: T, fn: (event: ApiEventOf<T>) => void): () => void {
    let set = this.listeners.get(type);
    if (!set) this.listeners.set(type, (set = new Set()));
    const listener = fn as (e: ApiEvent) => void;
    set.add(listener);
    return () => set.delete(listener);
  }

  /** Pushes an event to every subscriber, as a frame from the agent would. */
  emit(event: ApiEvent): void {
    for (const fn of [...(this.listeners.get(event.type) ?? [])]) fn(event);
  }

  listenerCount(type: ApiEventType): number {
    return this.listeners.get(type)?.size ?? 0;
  }

  callsOf<M extends ApiMethod>(method: M): ApiParamsIn<M>[] {
    return this.calls.filter((c) => c.method === method).map((c) => c.params as ApiParamsIn<M>);
  }
}
