// The agent's side of the utility-process link: requests from main go to the API service, its
// answers and events go back, and a drain request stops the Island and reports what finished.
// Main is trusted no more than a browser tab: each message is decoded, each frame goes through the
// API's own decoding, and a broken message is logged and dropped.
import type { ApiEvent } from '../../../src-shared/api/events';
import type { ResponseFrame } from '../../../src-shared/api/frames';
import { errorMessage } from '../../../src-shared/errors';
import type { Logger } from '../log/logger';
import { decodeMainToAgent, type AgentToMain, type DrainReport } from './port-messages';

/** What the host needs of the API service (src-main/agent/api). */
export interface AgentApi {
  /** Decodes and answers one request frame; never throws (a bad frame gets an error response). */
  handleFrame(raw: unknown): Promise<ResponseFrame>;
  /** Every pushed event, for every client. Returns an unsubscribe function. */
  subscribe(fn: (event: ApiEvent) => void): () => void;
}

/** `process.parentPort` in an Electron utility process, as far as the host uses it. */
export interface ParentPortLike {
  on(event: 'message', listener: (message: { data: unknown }) => void): unknown;
  postMessage(message: unknown): void;
}

export interface UtilityHostOptions {
  port: ParentPortLike;
  api: AgentApi;
  log: Logger;
  /** Drains and stops the Island (Island.stop). */
  stop: () => Promise<DrainReport>;
  /** Ends the process once drained (process.exit; tests record it). */
  exit: (code: number) => void;
  /** The OS idle time main reports (idle-only mode). */
  idle?: (seconds: number) => void;
}

export class UtilityHost {
  private draining: Promise<void> | null = null;
  private unsubscribe: (() => void) | null = null;

  constructor(private readonly opts: UtilityHostOptions) {}

  /** Starts relaying. `ready` tells main the agent is up (the update rollback waits for it). */
  start(ready: { version: string; hostId: string; drainTimeoutMs: number }): void {
    this.unsubscribe = this.opts.api.subscribe((event) => this.post({ type: 'event', frame: { kind: 'event', event } }));
    this.opts.port.on('message', (message) => this.receive(message.data));
    this.post({ type: 'ready', ...ready });
  }

  private receive(raw: unknown): void {
    const decoded = decodeMainToAgent(raw);
    if (!decoded.ok) {
      this.opts.log.warn('dropped a message from the desktop shell that does not fit the protocol', { error: decoded.error });
      return;
    }
    const msg = decoded.value;
    if (msg.type === 'drain') {
      this.drain();
      return;
    }
    if (msg.type === 'idle') {
      this.opts.idle?.(msg.seconds);
      return;
    }
    const { client } = msg;
    this.opts.api.handleFrame(msg.frame).then(
      (frame) => this.post({ type: 'response', client, frame }),
      // handleFrame promises never to throw; if it does, the caller still gets an answer.
      (err: unknown) => {
        this.opts.log.error('the API failed to answer a request', { error: errorMessage(err) });
        const id = typeof (msg.frame as { id?: unknown } | null)?.id === 'number' ? (msg.frame as { id: number }).id : -1;
        if (id >= 0) this.post({ type: 'response', client, frame: { kind: 'response', id, ok: false, error: { code: 'internal', message: errorMessage(err) } } });
      },
    );
  }

  private drain(): void {
    this.draining ??= this.opts.stop().then(
      (report) => {
        this.post({ type: 'drained', report });
        this.unsubscribe?.();
        this.opts.exit(0);
      },
      (err: unknown) => {
        this.opts.log.error('drain failed', { error: errorMessage(err) });
        this.post({ type: 'drained', report: { finished: 0, aborted: [] } });
        this.opts.exit(1);
      },
    );
  }

  private post(message: AgentToMain): void {
    try {
      this.opts.port.postMessage(message);
    } catch (err) {
      // An event that cannot be cloned is a bug in its producer; the link itself stays up.
      this.opts.log.error('could not send a message to the desktop shell', { type: message.type, error: errorMessage(err) });
    }
  }
}
