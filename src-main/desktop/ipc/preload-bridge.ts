// What the preload puts on `window.island`: the ApiTransport the dashboard's ApiClient takes
// (send / onFrame / onClose) plus onReady, the same frames as the headless WebSocket
// (src-renderer/src/api/preload-bridge.ts is the renderer's side of this contract). Listeners get the
// frame only, never Electron's event (its `sender` is ipcRenderer itself). Nothing else is
// exposed: no ipcRenderer, no channels of the page's choosing, no process.
import type { ApiTransport } from '../../../src-shared/api/client';
import type { RequestFrame, ServerFrame } from '../../../src-shared/api/frames';
import { BRIDGE_NAME, IPC_CHANNELS } from './channels';

export interface IpcRendererLike {
  send(channel: string, ...args: unknown[]): void;
  on(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
  removeListener(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
}

export interface ContextBridgeLike {
  exposeInMainWorld(apiKey: string, api: unknown): void;
}

function subscribe<T>(ipc: IpcRendererLike, channel: string, fn: (value: T) => void): () => void {
  const listener = (_event: unknown, value: unknown) => fn(value as T);
  ipc.on(channel, listener);
  return () => {
    ipc.removeListener(channel, listener);
  };
}

export interface IslandBridge extends ApiTransport {
  onReady(fn: () => void): () => void;
}

export function createIslandBridge(ipc: IpcRendererLike): IslandBridge {
  return Object.freeze({
    send(frame: RequestFrame): void {
      ipc.send(IPC_CHANNELS.request, frame);
    },
    onFrame(fn: (frame: ServerFrame) => void): () => void {
      return subscribe(ipc, IPC_CHANNELS.frame, fn);
    },
    onClose(fn: (reason: string) => void): () => void {
      return subscribe(ipc, IPC_CHANNELS.close, fn);
    },
    onReady(fn: () => void): () => void {
      return subscribe(ipc, IPC_CHANNELS.ready, () => fn());
    },
  });
}

export function exposeIslandBridge(contextBridge: ContextBridgeLike, ipc: IpcRendererLike): void {
  contextBridge.exposeInMainWorld(BRIDGE_NAME, createIslandBridge(ipc));
}
