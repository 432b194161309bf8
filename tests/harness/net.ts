// Loopback port helpers shared by every service launcher (nats-server, docker-registry, ...).
import { createConnection, createServer } from 'node:net';

export const LOOPBACK = '127.0.0.1';

/**
 * A port that was free a moment ago. Racy by nature; prefer letting the service pick its own
 * port (nats-server `-p -1`) and reading it back, and use this only for programs that cannot.
 */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.once('error', reject);
    srv.listen(0, LOOPBACK, () => {
      const addr = srv.address();
      srv.close(() => (addr && typeof addr === 'object' ? resolve(addr.port) : reject(new Error('no port'))));
    });
  });
}

/** True if something accepts TCP connections on 127.0.0.1:port right now. */
export function canConnect(port: number, timeoutMs = 500): Promise<boolean> {
  return new Promise((resolve) => {
    const sock = createConnection({ host: LOOPBACK, port });
    const done = (ok: boolean): void => {
      sock.destroy();
      resolve(ok);
    };
    sock.setTimeout(timeoutMs, () => done(false));
    sock.once('connect', () => done(true));
    sock.once('error', () => done(false));
  });
}

/** Poll until the port accepts connections; rejects after `timeoutMs` with `what` in the message. */
export async function waitForPort(port: number, timeoutMs: number, what = `127.0.0.1:${port}`): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await canConnect(port)) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`${what} did not accept connections within ${timeoutMs} ms`);
}
