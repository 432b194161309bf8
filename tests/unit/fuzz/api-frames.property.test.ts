// decodeRequestFrame, the one decoder behind the dashboard's WebSocket and Electron IPC, over
// hostile frames: arbitrary text, arbitrary structured-cloneable values, and valid requests with
// one param mutated. It never throws; a refusal says what was wrong and names where (`frame…`,
// `method`, `params.<field>`); the id it echoes is a valid request id or null.
import fc from 'fast-check';
import type { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { decodeRequestFrame, MAX_FRAME_BYTES, type DecodedRequest } from '../../../src-shared/api/frames';
import { API_METHODS, apiParamSchemas, type ApiMethod } from '../../../src-shared/api/methods';
import { asTransport, cloneable, deepNest, hostileText, runs, withinBudget } from './hostile';

const CODES = ['bad-request', 'unknown-method', 'not-available', 'conflict', 'internal'];

function expectWellFormedDecode(r: DecodedRequest): void {
  if (r.ok) {
    expect(API_METHODS).toContain(r.method);
    expect(Number.isSafeInteger(r.id) && r.id >= 0).toBe(true);
    return;
  }
  // A refused frame's id is echoed as sent (so a caller's -1 still matches), but always as a finite number.
  expect(r.id === null || Number.isFinite(r.id), `echoed id ${String(r.id)}`).toBe(true);
  expect(CODES).toContain(r.error.code);
  expect(r.error.message.length).toBeGreaterThan(0);
  if (r.error.field !== undefined) {
    expect(r.error.field).toMatch(/^(frame|method|params)(\.|\[|$)/);
    expect(r.error.message.startsWith(`${r.error.field}:`) || r.error.field === 'method').toBe(true);
  }
}

const decode = (raw: unknown) => withinBudget(250, () => decodeRequestFrame(raw));

/** The params shape of a method whose params are one strict object (all but storage.free's union). */
function shapeOf(method: ApiMethod): Record<string, z.ZodType> | null {
  const schema = apiParamSchemas[method] as unknown as { shape?: Record<string, z.ZodType> };
  return schema.shape ?? null;
}

const WITH_FIELDS = API_METHODS.filter((m) => Object.keys(shapeOf(m) ?? {}).length > 0);

const wrongValue = fc.oneof(
  fc.constantFrom<unknown>(null, true, 0, -1, 1.5, 2 ** 53, -(2 ** 31), '', 'x'.repeat(5000), [], {}, [null], { a: 1 }, '24:60', 'GPU-zz', 'paused'),
  fc.jsonValue({ maxDepth: 2 }),
);

describe('decodeRequestFrame over arbitrary input', () => {
  it('arbitrary text: never throws, a refusal says what and where', () => {
    fc.assert(fc.property(hostileText, (text) => expectWellFormedDecode(decode(text))), runs(400));
  });

  it('arbitrary structured-cloneable values (IPC): never throws', () => {
    fc.assert(fc.property(cloneable, (value) => expectWellFormedDecode(decode(value))), runs(400));
  });

  it('request-shaped frames with arbitrary ids, methods and params', () => {
    const frame = fc.record(
      {
        kind: fc.oneof(fc.constant('request'), cloneable),
        id: fc.oneof(fc.nat(), fc.double(), fc.constantFrom(-1, Number.NaN, Infinity, 2 ** 60), cloneable),
        method: fc.oneof(fc.constantFrom(...API_METHODS), fc.string({ maxLength: 80 }), cloneable),
        params: fc.oneof(cloneable, fc.constant(undefined)),
        extra: cloneable,
      },
      { requiredKeys: ['kind'] },
    );
    fc.assert(
      fc.property(frame, fc.boolean(), (f, asText) => {
        const raw = asTransport(f, asText);
        if (raw !== null) expectWellFormedDecode(decode(raw));
      }),
      runs(400),
    );
  });
});

describe('kept counterexamples', () => {
  it('found by fuzzing: an id of NaN or ±Infinity (IPC) is not echoed back; a finite one is', () => {
    for (const id of [Number.NaN, Infinity, -Infinity]) {
      expect(decodeRequestFrame({ kind: 'request', id })).toMatchObject({ ok: false, id: null, error: { code: 'bad-request', field: 'frame.id' } });
    }
    expect(decodeRequestFrame({ kind: 'request', id: 1.5 })).toMatchObject({ ok: false, id: 1.5, error: { field: 'frame.id' } });
    expect(decodeRequestFrame({ kind: 'request', id: 4, method: 7 })).toMatchObject({ ok: false, id: 4, error: { field: 'frame.method' } });
  });
});

describe('per-method param mutations', () => {
  it('one field of the wrong type or range is refused naming params.<field>', () => {
    const mutation = fc.constantFrom(...WITH_FIELDS).chain((m) => fc.tuple(fc.constant(m), fc.constantFrom(...Object.keys(shapeOf(m)!)), wrongValue));
    fc.assert(
      fc.property(mutation, fc.nat(), ([method, key, bad], id) => {
        const r = decode(JSON.stringify({ kind: 'request', id, method, params: { [key]: bad } }));
        expectWellFormedDecode(r);
        if (!r.ok) {
          expect(r.id).toBe(id);
          expect(r.error.code).toBe('bad-request');
          // A value that fails names its own field; a valid one may leave a required sibling missing.
          expect(r.error.field).toMatch(/^params\.[A-Za-z_]+/);
        }
      }),
      runs(400),
    );
  });

  it('an unknown param key is refused, and the message names it', () => {
    // Methods whose params may all be left out, so the unknown key is the one problem.
    const optionalOnly = API_METHODS.filter((m) => apiParamSchemas[m].safeParse({}).success);
    expect(optionalOnly.length).toBeGreaterThan(5);
    fc.assert(
      fc.property(fc.constantFrom(...optionalOnly), fc.stringMatching(/^[a-z]{1,10}$/).map((k) => `zz${k}`), (method, key) => {
        const r = decode({ kind: 'request', id: 3, method, params: { [key]: 1 } });
        expect(r.ok).toBe(false);
        if (!r.ok) {
          expect(r.error.field).toMatch(/^params/);
          expect(r.error.message).toContain(key);
        }
      }),
      runs(100),
    );
  });

  it('huge and deeply nested params are refused within the time bound', () => {
    fc.assert(
      fc.property(fc.constantFrom(...API_METHODS), fc.constantFrom('array', 'object') as fc.Arbitrary<'array' | 'object'>, (method, shape) => {
        const nested = deepNest(3_000, shape);
        const r = decode(`{"kind":"request","id":9,"method":"${method}","params":{"x":${nested}}}`);
        expectWellFormedDecode(r);
        expect(r.ok).toBe(false);
        const big = decode(`{"kind":"request","id":9,"method":"${method}","params":"${'a'.repeat(MAX_FRAME_BYTES)}"}`);
        expect(big).toEqual({ ok: false, id: null, error: { code: 'bad-request', message: `frame larger than ${MAX_FRAME_BYTES} bytes` } });
      }),
      runs(30),
    );
  });
});
