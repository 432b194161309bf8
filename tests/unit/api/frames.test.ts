// decodeRequestFrame: the agent's first line of defence against whatever a page or a renderer sends.
import { describe, expect, it } from 'vitest';
import { decodeRequestFrame, MAX_FRAME_BYTES } from '../../../src-shared/api/frames';
import { API_METHODS, type ApiMethod } from '../../../src-shared/api/methods';

const frame = (method: string, params?: unknown, id = 1) => JSON.stringify({ kind: 'request', id, method, ...(params === undefined ? {} : { params }) });

/** One wrong params object per method, and the field the answer must blame. */
const BAD: Record<ApiMethod, { params: unknown; field: string; says: RegExp }> = {
  'status.get': { params: { verbose: true }, field: 'params', says: /verbose/ },
  'availability.set': { params: { mode: 'asleep' }, field: 'params.mode', says: /online|paused/ },
  'availability.get': { params: { x: 1 }, field: 'params', says: /x/ },
  'availability.setPolicy': { params: { on_pause: 'later' }, field: 'params.on_pause', says: /finish|cancel/ },
  'prices.get': { params: { slug: 'x' }, field: 'params', says: /slug/ },
  'prices.set': { params: { slug: 'llm-chat', price: '-1' }, field: 'params.price', says: /not a price/ },
  'prices.setDefault': { params: { price: '0' }, field: 'params.price', says: /above zero/ },
  'karma.get': { params: { hostId: 'x' }, field: 'params', says: /hostId/ },
  'jobs.history': { params: { limit: 0 }, field: 'params.limit', says: /1|small/i },
  'earnings.daily': { params: { days: 400 }, field: 'params.days', says: /366|big/i },
  'pairing.refresh': { params: { force: true }, field: 'params', says: /force/ },
  'storage.get': { params: { all: true }, field: 'params', says: /all/ },
  'storage.free': { params: { kind: 'everything' }, field: 'params.kind', says: /"model"|"image"|"all"/ },
  'hardware.get': { params: { samples: 5 }, field: 'params', says: /samples/ },
  'logs.get': { params: { minLevel: 'loud' }, field: 'params.minLevel', says: /trace|debug|info/ },
  'settings.get': { params: { secrets: true }, field: 'params', says: /secrets/ },
  'settings.set': { params: { gpuDevices: ['../../etc'] }, field: 'params.gpuDevices[0]', says: /GPU index or UUID/ },
};

describe('decodeRequestFrame', () => {
  it('accepts a good request for every method, with defaults filled in', () => {
    const ok = decodeRequestFrame(frame('jobs.history', {}, 9));
    expect(ok).toEqual({ ok: true, id: 9, method: 'jobs.history', params: { limit: 100 } });
    expect(decodeRequestFrame(frame('logs.get'))).toMatchObject({ ok: true, params: { limit: 500, minLevel: 'info' } });
    expect(decodeRequestFrame({ kind: 'request', id: 3, method: 'status.get', params: {} })).toMatchObject({ ok: true, id: 3 });
  });

  it.each(API_METHODS)('names the offending field of bad %s params, keeping the id', (method) => {
    const bad = BAD[method];
    const r = decodeRequestFrame(frame(method, bad.params, 42));
    if (r.ok) throw new Error(`${method} accepted ${JSON.stringify(bad.params)}`);
    expect(r.id).toBe(42);
    expect(r.error.code).toBe('bad-request');
    expect(r.error.field).toBe(bad.field);
    expect(r.error.message.startsWith(`${bad.field}: `)).toBe(true);
    expect(r.error.message).toMatch(bad.says);
  });

  it('refuses an unknown method by name', () => {
    expect(decodeRequestFrame(frame('island.selfDestruct', {}, 5))).toEqual({
      ok: false,
      id: 5,
      error: { code: 'unknown-method', message: 'unknown method "island.selfDestruct"', field: 'method' },
    });
    // A name from Object.prototype is not a method either.
    expect(decodeRequestFrame(frame('constructor', {}, 6))).toMatchObject({ ok: false, error: { code: 'unknown-method' } });
  });

  it('refuses an oversized frame before parsing it', () => {
    const r = decodeRequestFrame(frame('status.get', { pad: 'x'.repeat(MAX_FRAME_BYTES) }));
    expect(r).toEqual({ ok: false, id: null, error: { code: 'bad-request', message: `frame larger than ${MAX_FRAME_BYTES} bytes` } });
  });

  it('refuses text that is not JSON, and frames of the wrong shape, saying where', () => {
    expect(decodeRequestFrame('{"kind":')).toMatchObject({ ok: false, id: null, error: { code: 'bad-request', message: expect.stringMatching(/^frame is not JSON: /) } });
    expect(decodeRequestFrame(JSON.stringify({ kind: 'response', id: 1, method: 'status.get' }))).toMatchObject({ ok: false, id: 1, error: { field: 'frame.kind' } });
    expect(decodeRequestFrame(JSON.stringify({ kind: 'request', id: -1, method: 'status.get' }))).toMatchObject({ ok: false, id: -1, error: { field: 'frame.id' } });
    expect(decodeRequestFrame(JSON.stringify({ kind: 'request', id: 1, method: 'status.get', extra: 1 }))).toMatchObject({ ok: false, error: { field: 'frame' } });
    expect(decodeRequestFrame(null)).toMatchObject({ ok: false, id: null, error: { code: 'bad-request' } });
  });
});

describe('decodeRequestFrame with a union of param shapes (storage.free)', () => {
  it('blames the field of the shape the params came closest to', () => {
    const free = (params: unknown) => decodeRequestFrame(frame('storage.free', params));
    expect(free({ id: '' })).toMatchObject({ ok: false, error: { field: 'params.id', message: expect.stringMatching(/^params\.id: /) } });
    expect(free({ id: 'image:x', kind: 'model' })).toMatchObject({ ok: false, error: { field: 'params', message: expect.stringContaining('"kind"') } });
    expect(free({ kind: 'image' })).toMatchObject({ ok: true, params: { kind: 'image' } });
  });
});
