// The envelope between Electron main and the agent's utility process, both ways: arbitrary
// structured-cloneable values never throw, valid messages decode to themselves, and a message with
// one field wrong is refused with an error that starts with that field's path.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeAgentToMain, decodeMainToAgent } from '../../../src-main/agent/utility/port-messages';
import { cloneable, hostileText, runs } from './hostile';

const client = fc.integer({ min: 0, max: 2 ** 31 });

const mainToAgent = fc.oneof(
  fc.record({ type: fc.constant('request'), client, frame: cloneable }),
  fc.constant({ type: 'drain' }),
  fc.record({ type: fc.constant('idle'), seconds: fc.double({ min: 0, max: 10 * 365 * 86_400, noNaN: true }) }),
);

const agentToMain = fc.oneof(
  fc.record({ type: fc.constant('ready'), version: fc.string(), hostId: fc.string(), drainTimeoutMs: fc.nat() }),
  fc.record({ type: fc.constant('response'), client, frame: fc.record({ kind: fc.constant('response'), id: fc.nat(), ok: fc.boolean(), result: fc.jsonValue() }) }),
  fc.record({ type: fc.constant('event'), frame: fc.record({ kind: fc.constant('event'), event: fc.record({ type: fc.string(), x: fc.jsonValue() }) }) }),
  fc.record({ type: fc.constant('fatal'), message: fc.string() }),
  fc.record({ type: fc.constant('drained'), report: fc.record({ finished: fc.nat(), aborted: fc.array(fc.string(), { maxLength: 3 }) }) }),
);

const NOT_A_NUMBER = ['text', true, null, undefined, [], {}, 10n];
const NOT_A_STRING = [1, true, null, undefined, [], {}, 10n];

/** Per field, values it must refuse (a frame's own checks are the API decoder's job). */
const WRONG: Record<string, readonly unknown[]> = {
  client: [-1, 1.5, 2 ** 40, Number.NaN, ...NOT_A_NUMBER],
  seconds: [-1, Number.NaN, Infinity, 1e12, ...NOT_A_NUMBER],
  drainTimeoutMs: [-1, 1.5, Number.NaN, ...NOT_A_NUMBER],
  version: NOT_A_STRING,
  hostId: NOT_A_STRING,
  message: NOT_A_STRING,
  report: ['x', null, [], { finished: -1, aborted: [] }, { finished: 1, aborted: [2] }, 10n],
};

type Decoder = (raw: unknown) => { ok: true; value: unknown } | { ok: false; error: string };

function expectRefusalNaming(r: ReturnType<Decoder>, field: string): void {
  expect(r.ok).toBe(false);
  if (!r.ok) expect(r.error.startsWith(`${field}`) || r.error.startsWith('type:'), r.error).toBe(true);
}

describe.each([
  ['decodeMainToAgent', decodeMainToAgent as Decoder, mainToAgent],
  ['decodeAgentToMain', decodeAgentToMain as Decoder, agentToMain],
] as const)('%s', (_name, decodeFn, valid) => {
  it('never throws on arbitrary values; a refusal is "<where>: <what>"', () => {
    fc.assert(
      fc.property(fc.oneof(cloneable, hostileText), (raw) => {
        const r = decodeFn(raw);
        if (!r.ok) expect(r.error).toMatch(/^[\w.]+: \S/);
      }),
      runs(400),
    );
  });

  it('decodes every valid message to itself', () => {
    fc.assert(
      fc.property(valid, (m) => {
        expect(decodeFn(m)).toEqual({ ok: true, value: m });
      }),
      runs(200),
    );
  });

  it('refuses a message with one top-level field wrong or an extra key, naming it', () => {
    fc.assert(
      fc.property(valid, fc.nat(), fc.nat(), fc.boolean(), (m, pick, pickBad, extra) => {
        if (extra) {
          const r = decodeFn({ ...m, zzExtra: 1 });
          expect(r.ok).toBe(false);
          if (!r.ok) expect(r.error).toContain('zzExtra');
          return;
        }
        const keys = Object.keys(m).filter((k) => k !== 'type' && k !== 'frame');
        if (keys.length === 0) return;
        const key = keys[pick % keys.length]!;
        const bad = WRONG[key]!;
        expectRefusalNaming(decodeFn({ ...m, [key]: bad[pickBad % bad.length] }), key);
      }),
      runs(300),
    );
  });
});
