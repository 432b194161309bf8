// One dashboard connected over the WebSocket: requests in (size-checked before parsing, answered
// by the API service), responses and events out. A client that reads too slowly loses the
// high-volume events (metrics, log lines, job output) rather than making the Island buffer them;
// one that still falls far behind is disconnected. Responses and state events are never dropped.
import type { WebSocket } from 'ws';
import type { ApiEvent, ApiEventType } from '../../../src-shared/api/events';
import { decodeRequestFrame, MAX_FRAME_BYTES, type ResponseFrame, type ServerFrame } from '../../../src-shared/api/frames';
import type { Logger } from '../log/logger';

export interface SessionApi {
  handle(raw: unknown): Promise<ResponseFrame>;
  subscribe(sink: (event: ApiEvent) => void): () => void;
}

export interface SessionLimits {
  /** Above this many bytes waiting to be sent, droppable events are dropped. */
  softBufferBytes: number;
  /** Above this, the client is disconnected. */
  hardBufferBytes: number;
  /** Requests one client may have in flight. */
  maxInFlight: number;
}

export const DEFAULT_SESSION_LIMITS: SessionLimits = { softBufferBytes: 1024 * 1024, hardBufferBytes: 16 * 1024 * 1024, maxInFlight: 64 };

const DROPPABLE: ReadonlySet<ApiEventType> = new Set(['metrics', 'log', 'job-output']);

/** Close codes the dashboard can tell apart. */
export const CLOSE_BAD_TOKEN = 4401;
export const CLOSE_TOO_SLOW = 1013;

export function attachSession(ws: WebSocket, api: SessionApi, log: Logger, limits: SessionLimits = DEFAULT_SESSION_LIMITS): void {
  let inFlight = 0;
  let dropping = false;
  let dropped = 0;

  const send = (frame: ServerFrame) => {
    if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(frame));
  };

  const unsubscribe = api.subscribe((event) => {
    if (ws.readyState !== ws.OPEN) return;
    if (ws.bufferedAmount > limits.hardBufferBytes) {
      ws.close(CLOSE_TOO_SLOW, 'the dashboard did not keep up with events');
      return;
    }
    if (DROPPABLE.has(event.type) && ws.bufferedAmount > limits.softBufferBytes) {
      // Said once per streak: a log line per dropped event would feed the live log it is dropping.
      if (!dropping) log.warn('a dashboard reads slowly: dropping its metrics, log and job-output events until it catches up');
      dropping = true;
      dropped++;
      return;
    }
    if (dropping) {
      log.info('the slow dashboard caught up', { dropped_events: dropped });
      dropping = false;
      dropped = 0;
    }
    send({ kind: 'event', event });
  });

  ws.on('message', (data, isBinary) => {
    const bytes = Array.isArray(data) ? data.reduce((n, b) => n + b.byteLength, 0) : data.byteLength;
    const refuse = (message: string) => send({ kind: 'response', id: 0, ok: false, error: { code: 'bad-request', message } });
    if (isBinary) return refuse('binary frames are not accepted: send JSON text');
    if (bytes > MAX_FRAME_BYTES) return refuse(`frame of ${bytes} bytes is larger than ${MAX_FRAME_BYTES} bytes`);
    const text = Array.isArray(data) ? Buffer.concat(data).toString('utf8') : Buffer.isBuffer(data) ? data.toString('utf8') : Buffer.from(data).toString('utf8');
    if (inFlight >= limits.maxInFlight) {
      const d = decodeRequestFrame(text);
      const message = `more than ${limits.maxInFlight} requests in flight; wait for their answers`;
      return send({ kind: 'response', id: d.id ?? 0, ok: false, error: { code: 'not-available', message } });
    }
    inFlight++;
    void api
      .handle(text)
      .then(send, (err: unknown) => log.error('a dashboard request could not be answered', { error: String(err) }))
      .finally(() => inFlight--);
  });

  ws.on('close', () => unsubscribe());
  ws.on('error', (err) => log.debug('dashboard connection error', { error: err.message }));
}
