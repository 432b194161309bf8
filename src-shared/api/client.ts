// The typed client the UI uses: `api.call('prices.set', {slug, price})` and
// `api.on('job', fn)`, over any transport that carries frames (a WebSocket headless, Electron IPC
// on the desktop). Pure: the transports live with the code that owns the socket or the preload.
import type { ApiEvent, ApiEventOf, ApiEventType } from './events';
import type { ApiErrorBody, ApiErrorCode, RequestFrame, ServerFrame } from './frames';
import type { ApiMethod, ApiParamsIn, ApiResult } from './methods';

export interface ApiTransport {
  send(frame: RequestFrame): void;
  /** Every frame from the agent. Returns an unsubscribe function. */
  onFrame(fn: (frame: ServerFrame) => void): () => void;
  /** Called when the link drops; pending calls fail instead of hanging. */
  onClose(fn: (reason: string) => void): () => void;
}

/** A call the agent refused or could not answer. */
export class ApiCallError extends Error {
  readonly code: ApiErrorCode | 'disconnected' | 'timeout';
  readonly field: string | undefined;
  constructor(body: ApiErrorBody | { code: 'disconnected' | 'timeout'; message: string }) {
    super(body.message);
    this.name = 'ApiCallError';
    this.code = body.code;
    this.field = 'field' in body ? body.field : undefined;
  }
}

interface Pending {
  resolve(value: unknown): void;
  reject(err: ApiCallError): void;
  timer: ReturnType<typeof setTimeout> | null;
}

/** A method whose params are all optional (or none) may be called without them. */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export type ApiCallArgs<M extends ApiMethod> = {} extends ApiParamsIn<M> ? [ApiParamsIn<M>?] : [ApiParamsIn<M>];

export interface IslandApi {
  call<M extends ApiMethod>(method: M, ...params: ApiCallArgs<M>): Promise<ApiResult<M>>;
  on<T extends ApiEventType>(type: T, fn: (event: ApiEventOf<T>) => void): () => void;
}

export class ApiClient implements IslandApi {
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private readonly listeners = new Map<ApiEventType, Set<(e: ApiEvent) => void>>();

  constructor(
    private readonly transport: ApiTransport,
    private readonly timeoutMs = 30_000,
  ) {
    transport.onFrame((frame) => this.receive(frame));
    transport.onClose((reason) => this.failAll(reason));
  }

  call<M extends ApiMethod>(method: M, ...args: ApiCallArgs<M>): Promise<ApiResult<M>> {
    const id = this.nextId++;
    return new Promise<ApiResult<M>>((resolve, reject) => {
      const timer =
        this.timeoutMs > 0
          ? setTimeout(() => {
              this.pending.delete(id);
              reject(new ApiCallError({ code: 'timeout', message: `${method} got no answer in ${Math.round(this.timeoutMs / 1000)} s` }));
            }, this.timeoutMs)
          : null;
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject, timer });
      try {
        this.transport.send({ kind: 'request', id, method, params: args[0] ?? {} });
      } catch (err) {
        this.settle(id)?.reject(new ApiCallError({ code: 'disconnected', message: `could not send ${method}: ${(err as Error).message}` }));
      }
    });
  }

  on<T extends ApiEventType>(type: T, fn: (event: ApiEventOf<T>) => void): () => void {
    let set = this.listeners.get(type);
    if (!set) this.listeners.set(type, (set = new Set()));
    const listener = fn as (e: ApiEvent) => void;
    set.add(listener);
    return () => set.delete(listener);
  }

  private receive(frame: ServerFrame): void {
    if (frame.kind === 'event') {
      for (const fn of this.listeners.get(frame.event.type) ?? []) fn(frame.event);
      return;
    }
    const p = this.settle(frame.id);
    if (!p) return;
    if (frame.ok) p.resolve(frame.result);
    else p.reject(new ApiCallError(frame.error));
  }

  private settle(id: number): Pending | undefined {
    const p = this.pending.get(id);
    if (!p) return undefined;
    this.pending.delete(id);
    if (p.timer) clearTimeout(p.timer);
    return p;
  }

  private failAll(reason: string): void {
    for (const id of [...this.pending.keys()]) this.settle(id)?.reject(new ApiCallError({ code: 'disconnected', message: reason }));
  }
}
