// The headless dashboard: node:http on 127.0.0.1 only, serving the React build and the typed API
// over a WebSocket at /api. Every request must name this server as its Host (DNS rebinding); the
// WebSocket must come from the dashboard's own page (Origin) and carry the token (`?token=`).
// A wrong token is let in only to be closed with 4401, so the page can tell the owner why.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import { MAX_FRAME_BYTES } from '../../../src-shared/api/frames';
import type { Logger } from '../log/logger';
import { hostAllowed, newToken, originAllowed, tokenMatches } from './request-guard';
import { securityHeaders } from './security-headers';
import { serveStatic } from './static-files';
import { attachSession, CLOSE_BAD_TOKEN, DEFAULT_SESSION_LIMITS, type SessionApi, type SessionLimits } from './ws-session';

export const DASHBOARD_HOST = '127.0.0.1';
export const API_PATH = '/api';

export interface DashboardServerOptions {
  /** 0 picks a free port. */
  port: number;
  api: SessionApi;
  /** The web build, or null when it is missing (a page says so). */
  rendererDir: string | null;
  /** Where the build was looked for, for that page. */
  rendererLooked?: readonly string[];
  log: Logger;
  limits?: SessionLimits;
}

export interface DashboardServer {
  port: number;
  /** `http://127.0.0.1:<port>/` */
  url: string;
  token: string;
  /** The URL to open: `http://127.0.0.1:<port>/?token=<token>`. */
  urlWithToken: string;
  close(): Promise<void>;
}

export async function startDashboardServer(o: DashboardServerOptions): Promise<DashboardServer> {
  const token = newToken();
  const log = o.log;
  let port = o.port;
  // Larger frames than MAX_FRAME_BYTES are answered with an error by the session; far larger ones
  // end the connection here, before they are buffered whole.
  const wss = new WebSocketServer({ noServer: true, maxPayload: 4 * MAX_FRAME_BYTES });
  const server: Server = createServer((req, res) => {
    const headers = securityHeaders(port);
    if (!hostAllowed(req.headers.host, port)) {
      res.writeHead(403, { ...headers, 'Content-Type': 'text/plain; charset=utf-8' }).end(`Forbidden: this dashboard answers only as 127.0.0.1:${port}\n`);
      return;
    }
    if (new URL(req.url ?? '/', 'http://localhost').pathname === API_PATH) {
      res.writeHead(426, { ...headers, 'Content-Type': 'text/plain; charset=utf-8', Upgrade: 'websocket' }).end('The API is a WebSocket\n');
      return;
    }
    serveStatic(req, res, o.rendererDir, o.rendererLooked ?? [], headers).catch((err: unknown) => {
      log.warn('dashboard file could not be served', { url: req.url, error: String(err) });
      res.destroy();
    });
  });

  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    // A client that resets mid-handshake must not become an unhandled 'error' that ends the Island.
    socket.on('error', () => socket.destroy());
    const url = new URL(req.url ?? '/', 'http://localhost');
    const refuse = (status: number, text: string) => {
      socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Type: text/plain\r\nContent-Length: ${Buffer.byteLength(text)}\r\n\r\n${text}`);
    };
    if (url.pathname !== API_PATH) return refuse(404, 'Not Found');
    if (!hostAllowed(req.headers.host, port)) return refuse(403, 'Forbidden');
    if (!originAllowed(req.headers.origin, port)) {
      log.warn('refused a dashboard connection from another site', { origin: req.headers.origin });
      return refuse(403, 'Forbidden');
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      if (!tokenMatches(url.searchParams.get('token'), token)) {
        ws.on('error', () => undefined);
        log.warn('refused a dashboard connection with a wrong or missing token');
        ws.close(CLOSE_BAD_TOKEN, 'wrong or missing token: open the URL the Island printed at start');
        return;
      }
      attachSession(ws, o.api, log, o.limits ?? DEFAULT_SESSION_LIMITS);
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(o.port, DASHBOARD_HOST, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  port = typeof address === 'object' && address ? address.port : o.port;
  const url = `http://${DASHBOARD_HOST}:${port}/`;
  return {
    port,
    url,
    token,
    urlWithToken: `${url}?token=${token}`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const ws of wss.clients) ws.terminate();
        wss.close();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
