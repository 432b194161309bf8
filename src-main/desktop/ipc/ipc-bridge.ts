// Main's end of the dashboard IPC: request frames in (through the guard), server frames and close
// notices out, per window. A request from our page that does not decode is answered with its
// error so the dashboard shows the field; one from anywhere else gets nothing.
import type { ServerFrame } from '../../../src-shared/api/frames';
import type { AgentRouter } from '../agent/agent-router';
import type { RequestSink } from '../secrets/secret-keeping-router';
import { IPC_CHANNELS } from './channels';
import type { IpcGuard, IpcSender } from './ipc-guard';

export interface IpcMainLike {
  on(channel: string, listener: (event: IpcSender, payload: unknown) => void): unknown;
  removeAllListeners(channel: string): unknown;
}

export interface WebContentsLike {
  readonly id: number;
  send(channel: string, ...args: unknown[]): void;
  isDestroyed(): boolean;
}

export class IpcBridge {
  private readonly windows = new Map<number, WebContentsLike>();

  constructor(
    private readonly ipc: IpcMainLike,
    private readonly guard: IpcGuard,
    private readonly router: Pick<AgentRouter, 'attach'>,
    /** Where accepted requests go: the agent router, or a wrapper that keeps secrets in main. */
    private readonly requests: RequestSink = router as AgentRouter,
  ) {}

  listen(): void {
    this.ipc.on(IPC_CHANNELS.request, (event, payload) => {
      const verdict = this.guard.check(event, payload);
      if (verdict.type === 'accept') this.requests.request(event.sender.id, verdict.frame);
      else if (verdict.type === 'bad-payload' && verdict.id !== null) {
        const contents = this.windows.get(event.sender.id);
        if (contents) this.sendTo(contents, { kind: 'response', id: verdict.id, ok: false, error: verdict.error });
      }
    });
  }

  /** Connects a dashboard window's webContents to the agent; returns the disconnect function. */
  connect(contents: WebContentsLike): () => void {
    this.windows.set(contents.id, contents);
    const detach = this.router.attach(contents.id, {
      frame: (f) => this.sendTo(contents, f),
      close: (reason) => {
        if (!contents.isDestroyed()) contents.send(IPC_CHANNELS.close, reason);
      },
      ready: () => {
        if (!contents.isDestroyed()) contents.send(IPC_CHANNELS.ready);
      },
    });
    return () => {
      this.windows.delete(contents.id);
      detach();
    };
  }

  /** The guard's test: is this webContents one of our connected dashboard windows? */
  isConnected(webContentsId: number): boolean {
    return this.windows.has(webContentsId);
  }

  stop(): void {
    this.ipc.removeAllListeners(IPC_CHANNELS.request);
  }

  private sendTo(contents: WebContentsLike, frame: ServerFrame): void {
    if (!contents.isDestroyed()) contents.send(IPC_CHANNELS.frame, frame);
  }
}
