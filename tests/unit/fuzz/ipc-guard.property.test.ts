// The desktop IPC guard over arbitrary senders and payloads: a message is acted on only when it
// comes from the top frame of one of our dashboard windows showing our own origin; anything else
// is refused (and logged) whatever its payload. From our page, the payload goes through the same
// decoder as the WebSocket's, and check() never throws.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { IpcGuard, type IpcSender } from '../../../src-main/desktop/ipc/ipc-guard';
import { decodeRequestFrame } from '../../../src-shared/api/frames';
import { API_METHODS } from '../../../src-shared/api/methods';
import { createTestLogger } from '../../helpers/test-logger';
import { cloneable, hostileText, runs } from './hostile';

const APP_ORIGIN = 'app://island';
const OUR_WINDOWS = new Set([3, 7]);

function setup() {
  const log = createTestLogger();
  return { log, guard: new IpcGuard({ appOrigin: APP_ORIGIN, isOurWindow: (id) => OUR_WINDOWS.has(id), log }) };
}

const pathPart = fc.webPath();

/** URLs that show our page, and URLs that only look like it. */
const ourUrl = pathPart.map((p) => `${APP_ORIGIN}/${p.replace(/^\//, '')}`);
const foreignUrl = fc.oneof(
  fc.webUrl(),
  fc.constantFrom(
    'app://island.evil/',
    'app://islandx/index.html',
    'app://evil/?app://island',
    'app://evil/#app://island/',
    'app://island:8080/',
    'file:///app://island/',
    'https://island/',
    'APP2://island/',
    'app:island',
    'javascript:alert(1)//app://island',
    'about:blank',
    'data:text/html,app://island',
    '',
  ),
  fc.string({ unit: 'binary', maxLength: 40 }),
);

const payload = fc.oneof(
  cloneable,
  hostileText,
  fc.record({ kind: fc.constant('request'), id: fc.nat(), method: fc.constantFrom(...API_METHODS), params: fc.constant({}) }),
);

describe('IpcGuard over arbitrary senders and payloads', () => {
  it('refuses every message not from the top frame of our window showing our origin', () => {
    const event = fc.record({
      id: fc.oneof(fc.constantFrom(...OUR_WINDOWS), fc.integer({ min: -5, max: 20 })),
      frame: fc.option(fc.record({ url: fc.oneof(ourUrl, foreignUrl), parent: fc.oneof(fc.constant(null), fc.constant({}), cloneable) }), { nil: null }),
    });
    fc.assert(
      fc.property(event, payload, ({ id, frame }, body) => {
        const { guard, log } = setup();
        const sender: IpcSender = { sender: { id }, senderFrame: frame };
        const verdict = guard.check(sender, body);
        const ours = OUR_WINDOWS.has(id) && frame !== null && frame.parent === null && /^app:\/\/island(\/|$)/.test(frame.url);
        if (!ours) {
          expect(verdict.type, fc.stringify(frame)).toBe('foreign-sender');
          expect(log.has({ level: 'warn', msg: 'refused an IPC message from a foreign sender' })).toBe(true);
          return;
        }
        const decoded = decodeRequestFrame(body);
        expect(verdict.type).toBe(decoded.ok ? 'accept' : 'bad-payload');
        if (verdict.type === 'bad-payload' && !decoded.ok) expect(verdict.error).toEqual(decoded.error);
      }),
      runs(500),
    );
  });

  it('a foreign sender is refused before its payload is looked at, however hostile', () => {
    fc.assert(
      fc.property(foreignUrl.filter((u) => !u.startsWith(`${APP_ORIGIN}/`) && u !== APP_ORIGIN), payload, (url, body) => {
        const { guard } = setup();
        const verdict = guard.check({ sender: { id: 3 }, senderFrame: { url, parent: null } }, body);
        expect(verdict.type).toBe('foreign-sender');
        if (verdict.type === 'foreign-sender') expect(verdict.reason.length).toBeLessThan(300);
      }),
      runs(300),
    );
  });
});
