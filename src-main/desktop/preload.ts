// The dashboard window's preload (sandboxed: bundled to one CommonJS file with electron external).
// It exposes `window.island` and nothing else; see ipc/preload-bridge.ts.
import { contextBridge, ipcRenderer } from 'electron';
import { exposeIslandBridge } from './ipc/preload-bridge';

exposeIslandBridge(contextBridge, ipcRenderer);
