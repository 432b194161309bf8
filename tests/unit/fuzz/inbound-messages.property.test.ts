// Every coordinator → Island decoder over hostile input: arbitrary bytes and text, and valid
// messages mutated field by field. A decoder never throws, answers within a time bound, and when
// one field is to blame its error names that field. AssignJob's salvage path must find the job's
// own id, so the Island can report that job `failed` instead of dropping it or failing another.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as decode from '../../../src-shared/protocol/decode';
import * as encode from '../../../src-shared/protocol/encode';
import { deepNest, hostileBytes, hostileText, numberLikeTokens, runs, withinBudget } from './hostile';
import {
  ASSIGN_JOB,
  CANCEL_JOB,
  PAIRING_RESPONSE,
  PRELOAD,
  UPDATE_INFO,
  extraKey,
  integerKeys,
  requiredKeys,
  validMessage,
  wrongField,
  type MessageSpec,
} from './wire-fields';

type AnyDecoded = { ok: true; value: unknown } | { ok: false; error: string; jobId?: string | null };

interface Boundary {
  name: string;
  spec: MessageSpec;
  decode: (data: Uint8Array | string) => AnyDecoded;
  encode: (m: never) => string;
}

const BOUNDARIES: Boundary[] = [
  { name: 'AssignJob', spec: ASSIGN_JOB, decode: decode.decodeAssignJob, encode: encode.encodeAssignJob },
  { name: 'CancelJob', spec: CANCEL_JOB, decode: decode.decodeCancelJob, encode: encode.encodeCancelJob },
  { name: 'PreloadRecommendation', spec: PRELOAD, decode: decode.decodePreloadRecommendation, encode: encode.encodePreloadRecommendation },
  { name: 'PairingResponse', spec: PAIRING_RESPONSE, decode: decode.decodePairingResponse, encode: encode.encodePairingResponse },
  { name: 'UpdateInfo', spec: UPDATE_INFO, decode: decode.decodeUpdateInfo, encode: encode.encodeUpdateInfo },
];

const ALL_DECODERS: Array<[string, (d: Uint8Array | string) => AnyDecoded]> = [
  ...BOUNDARIES.map((b): [string, Boundary['decode']] => [b.name, b.decode]),
  ['RecommendationsResponse', decode.decodeRecommendationsResponse],
];

const BUDGET_MS = 250;
const enc = new TextEncoder();

/** The message's text with `key`'s value written as `token`, exactly (it need not be JSON). */
function withToken(m: Record<string, unknown>, key: string, token: string): string {
  const marker = '\u0001MARK\u0001';
  return JSON.stringify({ ...m, [key]: marker }).replace(JSON.stringify(marker), token);
}

/** A refusal that is a clear error: a non-empty one-line text, and for AssignJob a well-formed salvaged id. */
function expectRefusal(name: string, r: AnyDecoded): asserts r is Extract<AnyDecoded, { ok: false }> {
  expect(r.ok, `${name} accepted it`).toBe(false);
  if (r.ok) return;
  expect(r.error).toMatch(new RegExp(`^invalid ${name}: \\S|^${decode.UPDATE_MISSING_FIELDS_ERROR}$`));
  expect(r.error).not.toContain('\n');
  if ('jobId' in r) expect(r.jobId === null || (typeof r.jobId === 'string' && r.jobId !== '')).toBe(true);
}

function expectWellFormed(name: string, r: AnyDecoded): void {
  if (!r.ok) expectRefusal(name, r);
}

describe('inbound decoders over arbitrary input', () => {
  it('never throw and stay within the time bound on arbitrary text and bytes', () => {
    fc.assert(
      fc.property(fc.oneof(hostileText, hostileBytes), (data) => {
        for (const [name, d] of ALL_DECODERS) expectWellFormed(name, withinBudget(BUDGET_MS, () => d(data)));
      }),
      runs(400),
    );
  });

  it('AssignJob salvages the id of any JSON object whose job_id is a non-empty string', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 2 })), fc.string({ minLength: 1, maxLength: 30 }), (obj, id) => {
        const r = decode.decodeAssignJob(JSON.stringify({ ...obj, job_id: id, lease_expires: 'soon' }));
        expectRefusal('AssignJob', r);
        expect(r.jobId).toBe(id);
      }),
      runs(200),
    );
  });
});

describe.each(BOUNDARIES)('$name: structured mutations of valid messages', ({ name, spec, decode: d, encode: e }) => {
  const valid = validMessage(spec);

  it('a valid message round-trips, whatever the key order and with unknown keys added', () => {
    fc.assert(
      fc.property(valid, fc.dictionary(extraKey, fc.jsonValue({ maxDepth: 2 }), { maxKeys: 3 }), fc.nat(), (m, extra, shuffle) => {
        const canonical = d(e(m as never));
        if (!canonical.ok) {
          // The one rule beyond types: an update without all three of its download fields.
          expect(canonical).toEqual({ ok: false, error: decode.UPDATE_MISSING_FIELDS_ERROR });
          return;
        }
        for (const [key, value] of Object.entries(m)) {
          const want = key === 'workload_id' && typeof value === 'number' ? String(value) : value;
          expect((canonical.value as Record<string, unknown>)[key], key).toEqual(want);
        }
        const keys = Object.keys({ ...m, ...extra });
        const rotated = [...keys.slice(shuffle % keys.length), ...keys.slice(0, shuffle % keys.length)];
        const all: Record<string, unknown> = { ...m, ...extra };
        const text = `{${rotated.map((k) => `${JSON.stringify(k)}:${JSON.stringify(all[k])}`).join(',')}}`;
        expect(d(text)).toEqual(canonical);
      }),
      runs(150),
    );
  });

  it('a field of the wrong type is refused with an error naming the field', () => {
    fc.assert(
      fc.property(valid, wrongField(spec), (m, [key, bad]) => {
        const r = withinBudget(BUDGET_MS, () => d(JSON.stringify({ ...m, [key]: bad })));
        expectRefusal(name, r);
        expect(r.error).toContain(`field "${key}"`);
        if ('jobId' in r && key !== 'job_id' && m.job_id !== '') expect(r.jobId).toBe(m.job_id);
      }),
      runs(200),
    );
  });

  it.each(requiredKeys(spec))('a missing "%s" is refused as missing, by name', (key) => {
    fc.assert(
      fc.property(valid, (m) => {
        const { [key]: _gone, ...rest } = m;
        const r = d(JSON.stringify(rest));
        expectRefusal(name, r);
        expect(r.error).toContain(`field "${key}": missing`);
      }),
      runs(30),
    );
  });

  const ints = integerKeys(spec);
  // CancelJob has no integer field: nothing to register for it.
  if (ints.length > 0) it('an integer field written as a float (5.0, 5e0) is refused by name, as serde does', () => {
    fc.assert(
      fc.property(valid, fc.constantFrom(...ints), fc.nat({ max: 1000 }), fc.constantFrom('.0', 'e0', '.50e1'), (m, key, n, suffix) => {
        const r = d(withToken(m, key, `${n}${suffix}`));
        expectRefusal(name, r);
        expect(r.error).toContain(`field "${key}"`);
      }),
      runs(100),
    );
  });

  it('a value that is not JSON (NaN, Infinity, hex, …) is refused as not JSON', () => {
    fc.assert(
      fc.property(valid, fc.constantFrom(...Object.keys(spec)), fc.constantFrom(...numberLikeTokens.filter((t) => !/^-?\d+(\.\d+)?(e-?\d+)?$|^-0$/.test(t))), (m, key, token) => {
        const r = d(withToken(m, key, token));
        expectRefusal(name, r);
        expect(r.error).toMatch(/not JSON/);
      }),
      runs(100),
    );
  });

  it('huge strings and deeply nested values are answered within the time bound', () => {
    fc.assert(
      fc.property(valid, fc.constantFrom(...Object.keys(spec)), fc.constantFrom('huge', 'deepArray', 'deepObject'), (m, key, shape) => {
        const token = shape === 'huge' ? JSON.stringify('x'.repeat(1 << 20)) : deepNest(5_000, shape === 'deepArray' ? 'array' : 'object');
        const r = withinBudget(BUDGET_MS * 4, () => d(withToken(m, key, token)));
        const kind = spec[key]!.kind;
        const accepts = kind === 'any' || (shape === 'huge' && /string|workloadId/i.test(kind));
        if (accepts) expect(r.ok || r.error === decode.UPDATE_MISSING_FIELDS_ERROR, !r.ok ? r.error : '').toBe(true);
        else {
          expectRefusal(name, r);
          expect(r.error).toContain(`field "${key}"`);
        }
      }),
      runs(40),
    );
  });
});

describe('RecommendationsResponse: one bad entry, named by index and field', () => {
  it('names recommendations[i].<field> for a wrong-typed field of entry i', () => {
    fc.assert(
      fc.property(fc.array(validMessage(PRELOAD), { minLength: 1, maxLength: 5 }), fc.nat(), wrongField(PRELOAD), (recs, at, [key, bad]) => {
        const i = at % recs.length;
        const list = recs.map((r, j) => (j === i ? { ...r, [key]: bad } : r));
        const r = decode.decodeRecommendationsResponse(JSON.stringify({ recommendations: list }));
        expectRefusal('RecommendationsResponse', r);
        expect(r.error).toContain(`field "recommendations[${i}].${key}"`);
      }),
      runs(150),
    );
  });

  it('round-trips any list of valid entries', () => {
    fc.assert(
      fc.property(fc.array(validMessage(PRELOAD), { maxLength: 5 }), (recs) => {
        const r = decode.decodeRecommendationsResponse(encode.encodeRecommendationsResponse({ recommendations: recs as never }));
        expect(r.ok).toBe(true);
        if (r.ok) recs.forEach((rec, i) => expect(r.value.recommendations[i]).toMatchObject(rec));
      }),
      runs(100),
    );
  });
});

describe('AssignJob: the salvage path on payloads that are not JSON', () => {
  const job = validMessage(ASSIGN_JOB).map((m) => ({ ...m, job_id: 'job-7f3a' }));

  it('reads the job id through invalid UTF-8 anywhere after it', () => {
    fc.assert(
      fc.property(job, fc.nat(), fc.constantFrom(0xff, 0xc0, 0x80, 0xed), (m, at, byte) => {
        const bytes = enc.encode(encode.encodeAssignJob(m as never));
        const idEnd = '{"job_id":"job-7f3a"'.length;
        const cut = idEnd + (at % (bytes.length - idEnd));
        const broken = Uint8Array.from([...bytes.subarray(0, cut), byte, ...bytes.subarray(cut)]);
        const r = decode.decodeAssignJob(broken);
        expectRefusal('AssignJob', r);
        expect(r.error).toBe('invalid AssignJob: not UTF-8');
        expect(r.jobId).toBe('job-7f3a');
      }),
      runs(150),
    );
  });

  it('reads the top-level job id, not one inside `input`, whatever the key order', () => {
    fc.assert(
      fc.property(job, fc.string({ minLength: 1, maxLength: 10 }).filter((s) => !/["\\]/.test(s)), fc.constantFrom('', ',}', '}x', ',"a":NaN}'), (m, innerId, ending) => {
        // Elixir's Jason writes small maps in key order: "input" comes before "job_id".
        const { job_id, ...rest } = { ...m, input: { job_id: `inner-${innerId}`, n: [1, { job_id: 'deeper' }] } };
        const text = JSON.stringify({ ...rest, job_id });
        const broken = `${text.slice(0, -1)}${ending}`;
        const r = decode.decodeAssignJob(broken);
        expectRefusal('AssignJob', r);
        expect(r.jobId).toBe('job-7f3a');
      }),
      runs(100),
    );
  });
});

describe('kept counterexamples and edge cases', () => {
  it('found by fuzzing: a payload of "\\u0000\\n" gives a one-line error (V8 quoted the newline into it)', () => {
    const r = decode.decodeAssignJob('\u0000\n');
    expect(r).toEqual({ ok: false, error: expect.stringMatching(/^invalid AssignJob: not JSON \(.*\\u0000\\n.*\)$/), jobId: null });
    expect(!r.ok && r.error).not.toContain('\n');
  });

  it('found by fuzzing: a broken job whose input holds a job_id before its own salvages its own id', () => {
    const r = decode.decodeAssignJob('{"input":{"job_id":"inner- "},"job_id":"job-7f3a","lease_expires":0');
    expect(r).toMatchObject({ ok: false, jobId: 'job-7f3a' });
    expect(decode.decodeAssignJob('{"input":{"job_id":"someone-else"},"lease_expires":0')).toMatchObject({ ok: false, jobId: null });
  });

  it('a "__proto__" key is an ignored unknown key, not a prototype', () => {
    const r = decode.decodeAssignJob('{"__proto__":{"job_id":"evil"},"job_id":"j1","input":null,"lease_expires":1}');
    expect(r.ok && r.value.job_id).toBe('j1');
    expect(({} as Record<string, unknown>).job_id).toBeUndefined();
  });

  it('a byte-order mark makes the payload not JSON, as serde sees it', () => {
    const r = decode.decodeCancelJob(Uint8Array.from([0xef, 0xbb, 0xbf, ...enc.encode('{"job_id":"j"}')]));
    expect(r.ok).toBe(false);
    expect(!r.ok && r.error).toMatch(/^invalid CancelJob: not JSON/);
  });
});
