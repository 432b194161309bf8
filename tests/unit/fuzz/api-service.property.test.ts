// The dashboard API's real server path, IslandApiService.handle(raw), with a fake Island (real
// ledger, real config.toml in a temp dir, fake coordinator HTTP): whatever a browser tab or a
// renderer sends, the answer is a well-formed ResponseFrame, never a rejected promise, and a bad
// request is answered `bad-request`/`unknown-method` rather than an internal error.
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { IslandApiService } from '../../../src-main/agent/api/api-service';
import { LogRing } from '../../../src-main/agent/api/log-ring';
import { loadConfig } from '../../../src-main/agent/config/load-config';
import type { ResponseFrame } from '../../../src-shared/api/frames';
import { API_METHODS } from '../../../src-shared/api/methods';
import { createTestLogger, type TestLogger } from '../../helpers/test-logger';
import { fakeHttp, FakeIsland, tempDir, writeConfig } from '../api/fake-island';
import { asTransport, cloneable, hostileText, runs } from './hostile';

const BASE = 'http://coord.test';
const CODES = ['bad-request', 'unknown-method', 'not-available', 'conflict', 'internal'];

let svc: IslandApiService;
let log: TestLogger;

// Per test: fake-island's temp dirs (config.toml, ledger) are removed after each test.
beforeEach(async () => {
  const configPath = writeConfig(`api_url = "${BASE}"\n`);
  const { config } = loadConfig({ path: configPath, explicit: true, env: {} });
  log = createTestLogger();
  svc = new IslandApiService({
    island: await FakeIsland.create(),
    config,
    configPath,
    log,
    logs: new LogRing(),
    diskPath: tempDir(),
    fetch: fakeHttp(BASE).fetch,
    httpTimeoutMs: 200,
    readSystem: () => ({ cpuPercent: 1, ramUsedMb: 1, ramTotalMb: 2 }),
    host: { cpuModel: 'Test CPU', os: 'Linux test' },
  });
});

afterEach(() => svc.close());

function expectResponseFrame(frame: ResponseFrame): void {
  expect(frame.kind).toBe('response');
  expect(Number.isFinite(frame.id)).toBe(true);
  if (frame.ok) return;
  expect(CODES).toContain(frame.error.code);
  expect(typeof frame.error.message).toBe('string');
  expect(frame.error.message.length).toBeGreaterThan(0);
}

/** Calls handle() and fails the property if it rejects: a rejection would leave the caller hanging. */
async function answer(raw: unknown): Promise<ResponseFrame> {
  const settled = await svc.handle(raw).then(
    (frame) => ({ frame }),
    (err: unknown) => ({ err }),
  );
  expect('err' in settled ? settled.err : null).toBeNull();
  return (settled as { frame: ResponseFrame }).frame;
}

const params = fc.oneof(
  cloneable,
  fc.dictionary(
    fc.constantFrom('mode', 'forMinutes', 'limit', 'before', 'days', 'slug', 'price', 'id', 'kind', 'minLevel', 'jobId', 'after', 'natsUrl', 'apiUrl', 'memoryMb', 'gpuDevices', 'timezone', 'schedule', 'idle_minutes', 'thermal_pause_c', 'exclude_gpus'),
    fc.oneof(fc.jsonValue({ maxDepth: 2 }), fc.constantFrom<unknown>('online', 'paused', 'all', 'model', '1.5', 'nats://127.0.0.1:1', '00:00', 'Mars/Olympus', -1, 0, 1e9)),
    { maxKeys: 3 },
  ),
);

describe('IslandApiService.handle over hostile frames', () => {
  it('answers arbitrary text and values with a well-formed refusal', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(hostileText, cloneable), async (raw) => {
        const frame = await answer(raw);
        expectResponseFrame(frame);
      }),
      runs(200),
    );
  });

  it('answers every method with arbitrary params: a result, or a refusal that is not an internal error', async () => {
    const outcomes = new Set<string>();
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...API_METHODS), params, fc.nat(), fc.boolean(), async (method, p, id, asText) => {
        const raw = asTransport({ kind: 'request', id, method, params: p }, asText);
        if (raw === null) return;
        const frame = await answer(raw);
        expectResponseFrame(frame);
        expect(frame.id).toBe(id);
        if (!frame.ok) expect(frame.error.code, frame.error.message).not.toBe('internal');
        outcomes.add(`${method}:${frame.ok ? 'ok' : frame.error.code}`);
      }),
      runs(250),
    );
    // The run reached the handlers, not only the decoder: most methods answered with a result.
    expect([...outcomes].filter((o) => o.endsWith(':ok')).length, [...outcomes].join(' ')).toBeGreaterThan(API_METHODS.length / 2);
    expect(log.filter({ level: 'error', msg: 'a dashboard request failed' })).toEqual([]);
  });
});
