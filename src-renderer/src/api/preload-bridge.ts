// What the desktop app's preload script must expose as `window.island` (contextBridge) for the
// dashboard to run over Electron IPC instead of the WebSocket. The frames are the same ones the
// headless server carries (src-shared/api/frames.ts); main checks the sender and the agent decodes
// every request, so this bridge only moves frames.
import type { ApiTransport } from '../../../src-shared/api/client';
import type { RequestFrame, ServerFrame } from '../../../src-shared/api/frames';
import { ConnectionStore, type Connection } from './connection';

export interface IslandBridge {
  send(frame: RequestFrame): void;
  /** Every frame from the agent. Returns an unsubscribe function. */
  onFrame(fn: (frame: ServerFrame) => void): () => void;
  /** Optional: the agent process went away (main restarts it); pending calls then fail at once. */
  onClose?(fn: (reason: string) => void): () => void;
  /** Optional: the agent (re)started and answers again; the dashboard reloads its data. */
  onReady?(fn: () => void): () => void;
}

declare global {
  interface Window {
    island?: IslandBridge;
  }
}

/** The bridge, when this page runs inside the desktop app. */
export function findBridge(win: { island?: unknown }): IslandBridge | null {
  const b = win.island as Partial<IslandBridge> | undefined;
  return b && typeof b.send === 'function' && typeof b.onFrame === 'function' ? (b as IslandBridge) : null;
}

/** ApiTransport over the bridge, with the same connection states the WebSocket reports. */
export function bridgeTransport(bridge: IslandBridge): { transport: ApiTransport; connection: Connection } {
  const store = new ConnectionStore({ kind: 'open', epoch: 1 });
  let epoch = 1;
  bridge.onClose?.((reason) => store.set({ kind: 'reconnecting', epoch, attempt: 1, retryAt: Date.now(), reason }));
  bridge.onReady?.(() => store.set({ kind: 'open', epoch: ++epoch }));
  const transport: ApiTransport = {
    send: (frame) => bridge.send(frame),
    onFrame: (fn) => bridge.onFrame(fn),
    onClose: (fn) => bridge.onClose?.(fn) ?? (() => undefined),
  };
  return { transport, connection: store };
}
