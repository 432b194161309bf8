// The headless dashboard's guard, against the real server over real sockets: 127.0.0.1 only, the
// token, DNS rebinding (Host), cross-site WebSockets (Origin), oversized and malformed frames, and
// the web build served with a strict Content-Security-Policy.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { connect as netConnect } from 'node:net';
import { networkInterfaces, tmpdir } from 'node:os';
import path from 'node:path';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_FRAME_BYTES, type ServerFrame } from '../../src-shared/api/frames';
import { startNatsServer, type NatsServerHandle } from '../harness/nats-server';
import { requireBinary } from '../harness/services';
import { apiSocketUrl, connectDashboard, probeDashboard, startIslandWithDashboard, type IslandWithDashboard } from '../helpers/dashboard-client';

const natsBin = requireBinary('nats-server');

function httpGet(port: number, rawPath: string, opts: { host?: string; method?: string } = {}): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path: rawPath, method: opts.method ?? 'GET', headers: { host: opts.host ?? `127.0.0.1:${port}` } }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** Sends raw text frames and collects the answers. */
async function rawExchange(url: string, frames: string[]): Promise<ServerFrame[]> {
  const ws = new WebSocket(url);
  await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
  const answers: ServerFrame[] = [];
  const done = new Promise<void>((resolve) =>
    ws.on('message', (d) => {
      const f = JSON.parse(d.toString()) as ServerFrame;
      if (f.kind === 'response') answers.push(f);
      if (answers.length === frames.length) resolve();
    }),
  );
  for (const f of frames) ws.send(f);
  await done;
  ws.close();
  return answers;
}

describe.skipIf(!natsBin)('the headless dashboard refuses what it must (real server, real ws)', () => {
  let nats: NatsServerHandle;
  let fx: IslandWithDashboard;
  let web: string;
  let port: number;

  beforeAll(async () => {
    nats = await startNatsServer();
    web = mkdtempSync(path.join(tmpdir(), 'island-web-'));
    mkdirSync(path.join(web, 'assets'));
    writeFileSync(path.join(web, 'index.html'), '<!doctype html><title>Island</title><script type="module" src="./assets/app.js"></script>');
    writeFileSync(path.join(web, 'assets', 'app.js'), 'console.log("island")');
    fx = await startIslandWithDashboard({ natsUrl: nats.url, rendererDir: web });
    port = fx.dashboard.port;
  });
  afterAll(async () => {
    await fx?.cleanup();
    await nats?.stop();
    rmSync(web, { recursive: true, force: true });
  });

  it('listens on 127.0.0.1 only and answers the token holder', async () => {
    expect(fx.dashboard.url).toBe(`http://127.0.0.1:${port}/`);
    expect(fx.dashboard.urlWithToken).toBe(`http://127.0.0.1:${port}/?token=${fx.dashboard.token}`);
    expect(fx.dashboard.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const lan = Object.values(networkInterfaces()).flat().find((i) => i && i.family === 'IPv4' && !i.internal);
    if (lan) {
      const refused = await new Promise<string>((resolve) => {
        const s = netConnect({ host: lan.address, port }, () => resolve('connected'));
        s.on('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? 'error'));
      });
      expect(refused).toBe('ECONNREFUSED');
    }
    const client = await connectDashboard(fx.dashboard.url, fx.dashboard.token);
    const status = await client.api.call('status.get', {});
    expect(status.hostId).toBe(fx.hostId);
    await client.close();
  });

  it('closes a socket with a wrong or missing token with 4401, and says why', async () => {
    const wrong = await probeDashboard(apiSocketUrl(fx.dashboard.url, `${fx.dashboard.token.slice(0, -1)}x`));
    expect(wrong).toEqual({ kind: 'closed', code: 4401, reason: expect.stringContaining('wrong or missing token') });
    const missing = await probeDashboard(apiSocketUrl(fx.dashboard.url, null));
    expect(missing).toMatchObject({ kind: 'closed', code: 4401 });
    expect(await probeDashboard(apiSocketUrl(fx.dashboard.url, fx.dashboard.token))).toEqual({ kind: 'open' });
  });

  it('refuses a Host that is not its own (DNS rebinding), for the page and the API', async () => {
    const url = apiSocketUrl(fx.dashboard.url, fx.dashboard.token);
    expect(await probeDashboard(url, { headers: { Host: `evil.example:${port}` } })).toEqual({ kind: 'http', status: 403 });
    expect(await probeDashboard(url, { headers: { Host: `127.0.0.1:${port + 1}` } })).toEqual({ kind: 'http', status: 403 });
    expect((await httpGet(port, '/', { host: `evil.example:${port}` })).status).toBe(403);
    expect(await probeDashboard(url, { headers: { Host: `localhost:${port}` } })).toEqual({ kind: 'open' });
  });

  it("refuses a WebSocket from another site's page (Origin), and takes the dashboard's own", async () => {
    const url = apiSocketUrl(fx.dashboard.url, fx.dashboard.token);
    expect(await probeDashboard(url, { origin: 'http://evil.example' })).toEqual({ kind: 'http', status: 403 });
    expect(await probeDashboard(url, { origin: `https://127.0.0.1:${port}` })).toEqual({ kind: 'http', status: 403 });
    expect(await probeDashboard(url, { origin: `http://127.0.0.1:${port}` })).toEqual({ kind: 'open' });
    expect(await probeDashboard(url, { origin: `http://localhost:${port}` })).toEqual({ kind: 'open' });
  });

  it('answers oversized, non-JSON, unknown and ill-formed frames with an error that says what was wrong, and stays usable', async () => {
    const url = apiSocketUrl(fx.dashboard.url, fx.dashboard.token);
    const big = JSON.stringify({ kind: 'request', id: 7, method: 'status.get', params: { pad: 'x'.repeat(MAX_FRAME_BYTES) } });
    const answers = await rawExchange(url, [
      big,
      'not json',
      JSON.stringify({ kind: 'request', id: 2, method: 'nope.get' }),
      JSON.stringify({ kind: 'request', id: 3, method: 'prices.set', params: { slug: 'llm-chat', price: 'free' } }),
      JSON.stringify({ kind: 'request', id: 4, method: 'status.get' }),
    ]);
    const byId = new Map(answers.map((a) => [a.kind === 'response' ? a.id : -1, a]));
    expect(answers[0]).toMatchObject({ id: 0, ok: false, error: { code: 'bad-request', message: expect.stringMatching(/larger than 65536 bytes/) } });
    expect(answers.find((a) => a.kind === 'response' && !a.ok && /not JSON/.test(a.error.message))).toBeDefined();
    expect(byId.get(2)).toMatchObject({ ok: false, error: { code: 'unknown-method', field: 'method' } });
    expect(byId.get(3)).toMatchObject({ ok: false, error: { code: 'bad-request', field: 'params.price', message: expect.stringContaining('"free" is not a price') } });
    expect(byId.get(4)).toMatchObject({ ok: true, result: { hostId: fx.hostId } });
  });

  it('serves the web build with a strict CSP, and nothing outside it', async () => {
    const page = await httpGet(port, '/');
    expect(page.status).toBe(200);
    expect(page.body).toContain('<title>Island</title>');
    const csp = String(page.headers['content-security-policy']);
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain(`connect-src 'self' ws://127.0.0.1:${port} ws://localhost:${port}`);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('unsafe');
    expect(page.headers['referrer-policy']).toBe('no-referrer');
    expect(page.headers['x-content-type-options']).toBe('nosniff');
    const js = await httpGet(port, '/assets/app.js');
    expect(js.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(js.body).toBe('console.log("island")');
    expect((await httpGet(port, '/settings')).body).toContain('<title>Island</title>');
    expect((await httpGet(port, '/assets/missing.js')).status).toBe(404);
    // Paths that climb out of the build land inside it: an app route, so the app's page.
    for (const escape of ['/../../../etc/passwd', '/%2e%2e/%2e%2e/%2e%2e/etc/passwd', '/assets/..%2f..%2f..%2fetc%2fpasswd']) {
      const r = await httpGet(port, escape);
      expect(r.body, escape).not.toContain('root:');
      expect(r.body, escape).toContain('<title>Island</title>');
    }
    expect((await httpGet(port, '/', { method: 'POST' })).status).toBe(405);
    expect((await httpGet(port, '/api')).status).toBe(426);
  });

  it('says how to build the page when the web build is missing', async () => {
    const other = await startIslandWithDashboard({ natsUrl: nats.url, rendererDir: path.join(web, 'nowhere') });
    try {
      const page = await httpGet(other.dashboard.port, '/');
      expect(page.status).toBe(503);
      expect(page.body).toContain('The dashboard is not built');
      expect(page.body).toContain('npm run build');
      expect(other.logs.query({ limit: 50, minLevel: 'warn' }).map((e) => e.message).join('\n')).toContain('dashboard web build is missing');
    } finally {
      await other.cleanup();
    }
  });
});
