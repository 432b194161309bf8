// Every IPC message from a renderer is checked before main acts on it (Electron's advisory
// GHSA-mq8j-3h7h-p8g7: handlers must validate the sender). The sender must be one of our
// dashboard windows, the message must come from its top frame, and that frame must show our own
// page (a window that navigated elsewhere, or an iframe, is refused). Then the payload goes
// through the same decoder as the headless WebSocket's. Refusals are logged, never acted on.
import { decodeRequestFrame, type ApiErrorBody, type RequestFrame } from '../../../src-shared/api/frames';
import type { Logger } from '../../agent/log/types';

/** What an IpcMainEvent tells us about its sender. */
export interface IpcSender {
  sender: { id: number };
  /** Null when the frame has gone (navigated away or destroyed) before the message was handled. */
  senderFrame: { url: string; parent: unknown } | null;
}

export type GuardVerdict =
  | { type: 'accept'; frame: RequestFrame }
  /** Our page, but a frame that does not decode: answer it (when it has an id) so the call fails fast. */
  | { type: 'bad-payload'; id: number | null; error: ApiErrorBody }
  /** Not our page: drop it without an answer. */
  | { type: 'foreign-sender'; reason: string };

export interface IpcGuardOptions {
  /** The origin our dashboard is served from, e.g. `app://island`. */
  appOrigin: string;
  /** True for the webContents ids of our dashboard windows. */
  isOurWindow: (webContentsId: number) => boolean;
  log: Logger;
}

export class IpcGuard {
  constructor(private readonly opts: IpcGuardOptions) {}

  check(event: IpcSender, payload: unknown): GuardVerdict {
    const foreign = this.senderProblem(event);
    if (foreign) {
      this.opts.log.warn('refused an IPC message from a foreign sender', { reason: foreign, webContents: event.sender.id });
      return { type: 'foreign-sender', reason: foreign };
    }
    const decoded = decodeRequestFrame(payload);
    if (!decoded.ok) {
      this.opts.log.warn('refused an IPC request that does not decode', { error: decoded.error.message, id: decoded.id ?? undefined });
      return { type: 'bad-payload', id: decoded.id, error: decoded.error };
    }
    // Forward what was decoded (unknown keys stripped, defaults filled), not what was sent.
    return { type: 'accept', frame: { kind: 'request', id: decoded.id, method: decoded.method, params: decoded.params } };
  }

  private senderProblem(event: IpcSender): string | null {
    if (!this.opts.isOurWindow(event.sender.id)) return 'not one of the dashboard windows';
    const frame = event.senderFrame;
    if (!frame) return 'the sending frame is gone';
    if (frame.parent !== null) return 'sent from a sub-frame';
    let origin: string;
    try {
      const url = new URL(frame.url);
      // Non-special schemes (app:) report origin "null"; compare scheme and host ourselves.
      origin = `${url.protocol}//${url.host}`;
    } catch {
      return `the frame's URL cannot be parsed: ${frame.url.slice(0, 200)}`;
    }
    if (origin !== this.opts.appOrigin) return `the frame shows ${origin}, not ${this.opts.appOrigin}`;
    return null;
  }
}
