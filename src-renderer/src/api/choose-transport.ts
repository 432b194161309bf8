// Picks how this page talks to the agent: the Electron preload bridge when the desktop app loaded
// it, otherwise the headless server's WebSocket with the token from the URL.
import { ApiClient, type IslandApi } from '../../../src-shared/api/client';
import { fixedConnection, type Connection } from './connection';
import { bridgeTransport, findBridge } from './preload-bridge';
import { SocketTransport } from './socket-transport';
import { apiSocketUrl, takeToken } from './token';

export interface ApiLink {
  api: IslandApi;
  connection: Connection;
  stop(): void;
}

/** A client whose calls all fail: the page has no way to reach the agent. */
const unreachable: IslandApi = {
  call: () => Promise.reject(new Error('not connected to the Island')),
  on: () => () => undefined,
};

export function connectFromPage(win: Window): ApiLink {
  const bridge = findBridge(win);
  if (bridge) {
    const { transport, connection } = bridgeTransport(bridge);
    return { api: new ApiClient(transport), connection, stop: () => undefined };
  }
  const token = takeToken({ location: win.location, history: win.history, storage: win.sessionStorage });
  if (token === null) return { api: unreachable, connection: fixedConnection({ kind: 'no-token' }), stop: () => undefined };
  const pageUrl = win.location.href;
  const transport = new SocketTransport({
    url: apiSocketUrl(win.location, token),
    serverAnswers: async () => (await fetch(pageUrl, { method: 'HEAD', cache: 'no-store' })).ok,
  });
  const api = new ApiClient(transport);
  transport.start();
  return { api, connection: transport.connection, stop: () => transport.stop() };
}
