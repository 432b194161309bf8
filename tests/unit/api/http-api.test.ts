// The coordinator HTTP client: strict decoding and errors that say which call failed and how.
import { createServer, type Server } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { CoordinatorHttpApi } from '../../../src-main/agent/coordinator/http-api';
import { fakeHttp } from './fake-island';

const BASE = 'http://coord.test';
const KARMA = { host_id: 'h', karma: 12, completed_jobs: 3, failed_jobs: 1, success_rate: 0.75, avg_latency_ms: null, pending_minutes: 7, monetization_unlocked: true };

let server: Server | null = null;
afterEach(() => new Promise<void>((r) => (server ? server.close(() => r()) : r())));

describe('CoordinatorHttpApi', () => {
  it('decodes karma, history (ISO times → ms) and market rates', async () => {
    const http = fakeHttp(`${BASE}/prefix`);
    http.routes.set('GET /api/v1/hosts/h%2F1/karma', { status: 200, body: { ...KARMA, extra_field: 'ignored' } });
    http.routes.set('GET /api/v1/hosts/h%2F1/karma/history', { status: 200, body: { host_id: 'h', history: [{ timestamp: '2026-01-02T03:04:05Z', karma: 1, reason: 'registered' }] } });
    const api = new CoordinatorHttpApi({ baseUrl: `${BASE}/prefix/`, fetch: http.fetch });
    expect(await api.karma('h/1')).toEqual({ ...KARMA });
    expect((await api.karmaHistory('h/1')).history).toEqual([{ timestamp: Date.UTC(2026, 0, 2, 3, 4, 5), karma: 1, reason: 'registered' }]);
  });

  it('says which call failed: HTTP status with the error text, a bad field, non-JSON, refused, timeout', async () => {
    const http = fakeHttp(BASE);
    http.routes.set('GET /api/v1/market/rates', { status: 503, body: { error: 'maintenance' } });
    http.routes.set('GET /api/v1/hosts/h/karma', { status: 200, body: { ...KARMA, karma: 'high' } });
    http.routes.set('GET /api/v1/hosts/h/karma/history', { status: 200, body: 'not json' });
    http.routes.set('GET /api/v1/network/stats', new TypeError('fetch failed', { cause: { code: 'ECONNREFUSED' } }));
    const api = new CoordinatorHttpApi({ baseUrl: BASE, fetch: http.fetch });
    await expect(api.marketRates()).rejects.toMatchObject({ name: 'CoordinatorApiError', status: 503, message: 'GET /api/v1/market/rates: HTTP 503: maintenance' });
    await expect(api.karma('h')).rejects.toThrow('GET /api/v1/hosts/h/karma: unexpected answer: karma: ');
    await expect(api.karmaHistory('h')).rejects.toThrow('GET /api/v1/hosts/h/karma/history: the answer is not JSON');
    await expect(api.networkStats()).rejects.toMatchObject({ status: null, message: `GET /api/v1/network/stats: cannot reach ${BASE}: ECONNREFUSED` });
  });

  it('gives up on a coordinator that does not answer in time', async () => {
    server = createServer(() => undefined); // never answers
    await new Promise<void>((r) => server!.listen(0, '127.0.0.1', () => r()));
    const port = (server.address() as { port: number }).port;
    const api = new CoordinatorHttpApi({ baseUrl: `http://127.0.0.1:${port}`, timeoutMs: 200 });
    await expect(api.marketRates()).rejects.toThrow(`GET /api/v1/market/rates: no answer from http://127.0.0.1:${port} within 0.2 s`);
    server.closeAllConnections();
  });

  it('posts asking prices as JSON and decodes the stored asks', async () => {
    const http = fakeHttp(BASE);
    http.routes.set('POST /api/v1/market/asking-prices', { status: 200, body: { host_id: 'h', prices: { a: '1.0' } } });
    const api = new CoordinatorHttpApi({ baseUrl: BASE, fetch: http.fetch });
    expect(await api.postAskingPrices({ host_id: 'h', prices: { a: '1.0' } })).toEqual({ host_id: 'h', prices: { a: '1.0' } });
    expect(http.requests).toEqual([{ method: 'POST', path: '/api/v1/market/asking-prices', body: { host_id: 'h', prices: { a: '1.0' } } }]);
  });
});
