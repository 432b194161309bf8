// Who may talk to the headless dashboard. It listens on 127.0.0.1 only, and still a web page on
// another site could reach it through the browser: a DNS-rebinding page arrives with its own Host
// name, and a cross-site WebSocket with its own Origin. So the Host must be this server's loopback
// address, the Origin (browsers always send one on a WebSocket) must be the dashboard's own, and
// the API needs the token printed at start, compared in constant time.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

function loopbackAuthorities(port: number): string[] {
  return [`127.0.0.1:${port}`, `localhost:${port}`];
}

/** The Host header names this server: `127.0.0.1:<port>` or `localhost:<port>`. */
export function hostAllowed(host: string | undefined, port: number): boolean {
  return host !== undefined && loopbackAuthorities(port).includes(host.toLowerCase());
}

/** No Origin (a non-browser client) or the dashboard's own page. */
export function originAllowed(origin: string | undefined, port: number): boolean {
  if (origin === undefined) return true;
  return loopbackAuthorities(port).some((a) => origin.toLowerCase() === `http://${a}`);
}

/** Constant-time comparison; hashing first makes the lengths equal so nothing leaks through them. */
export function tokenMatches(given: string | null, expected: string): boolean {
  if (given === null) return false;
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}
