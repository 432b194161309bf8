import { describe, expect, it } from 'vitest';
import { fullscreenSensor, MACOS_REASON } from '../../../src-main/agent/availability/fullscreen-sensor';
import { FOREGROUND_PROBE_ARGS, FOREGROUND_PROBE_SCRIPT } from '../../../src-main/agent/availability/fullscreen-windows';
import type { RunProbe } from '../../../src-main/agent/availability/fullscreen-run';
import { createTestLogger } from '../../helpers/test-logger';
import { FakeClock, flush } from '../availability-agent/fake-clock';
import { FakeXprop, X11_ENV } from './fake-xprop';

const T0 = Date.UTC(2026, 10, 18, 12, 0);

function linuxSensor(xprop: FakeXprop, env: NodeJS.ProcessEnv = X11_ENV) {
  const log = createTestLogger();
  const clock = new FakeClock(T0);
  const read = fullscreenSensor({ log, clock, platform: 'linux', env, run: xprop.run });
  return { log, clock, read };
}

describe('full-screen sensor on X11 (fake xprop)', () => {
  it('a full-screen active window reads true: root first, then that window', async () => {
    const xprop = new FakeXprop('fullscreen');
    const { read } = linuxSensor(xprop);
    await expect(read()).resolves.toBe(true);
    expect(xprop.calls).toEqual([
      ['xprop', '-root', '_NET_ACTIVE_WINDOW'],
      ['xprop', '-id', '0x3a00007', '_NET_WM_STATE'],
    ]);
  });

  it('looks at most every 10 s: a faster caller gets the last answer, then a new look sees the change', async () => {
    const xprop = new FakeXprop('fullscreen');
    const { read, clock } = linuxSensor(xprop);
    await expect(read()).resolves.toBe(true);
    xprop.screen = 'windowed';
    await clock.advance(9_999);
    await expect(read()).resolves.toBe(true);
    expect(xprop.calls).toHaveLength(2);
    await clock.advance(1);
    await expect(read()).resolves.toBe(false);
    expect(xprop.calls).toHaveLength(4);
  });

  it('two callers at once share one look', async () => {
    const xprop = new FakeXprop('fullscreen');
    const { read } = linuxSensor(xprop);
    const [a, b] = await Promise.all([read(), read()]);
    expect([a, b]).toEqual([true, true]);
    expect(xprop.calls).toHaveLength(2);
  });

  it('missing xprop: null, logged once at debug naming the package, and never run again', async () => {
    const xprop = new FakeXprop('missing-binary');
    const { read, log, clock } = linuxSensor(xprop);
    for (let i = 0; i < 3; i++) {
      await expect(read()).resolves.toBeNull();
      await clock.advance(10_000);
    }
    expect(xprop.calls).toHaveLength(1);
    const lines = log.filter({ msg: /full-screen sensor/ });
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ level: 'debug', fields: { lasting: true } });
    expect(lines[0]?.msg).toContain('x11-utils');
  });

  it('a look with no answer within 2 s reads null and the tool is aborted; the next look works', async () => {
    const xprop = new FakeXprop('hang');
    const { read, clock, log } = linuxSensor(xprop);
    let answer: boolean | null | 'pending' = 'pending';
    void read().then((v) => (answer = v));
    await clock.advance(1_999);
    expect(answer).toBe('pending');
    expect(xprop.signals[0]?.aborted).toBe(false);
    await clock.advance(1);
    expect(answer).toBeNull();
    expect(xprop.signals[0]?.aborted).toBe(true);
    expect(log.has({ level: 'debug', msg: 'no answer within 2 s' })).toBe(true);
    xprop.screen = 'fullscreen';
    await clock.advance(10_000);
    await expect(read()).resolves.toBe(true);
    expect(clock.pending()).toEqual([]);
  });

  it('a window that closed between the two calls (BadWindow) reads null once, not for good', async () => {
    const xprop = new FakeXprop('bad-window');
    const { read, clock, log } = linuxSensor(xprop);
    await expect(read()).resolves.toBeNull();
    expect(log.find({ msg: /BadWindow/ })).toMatchObject({ level: 'debug', fields: { lasting: false } });
    xprop.screen = 'windowed';
    await clock.advance(10_000);
    await expect(read()).resolves.toBe(false);
  });

  it.each([
    [{}, 'DISPLAY is not set'],
    [{ DISPLAY: ':0', WAYLAND_DISPLAY: 'wayland-0' }, 'Wayland'],
    [{ DISPLAY: ':0', XDG_SESSION_TYPE: 'wayland' }, 'Wayland'],
  ])('env %j: null without running xprop, the reason logged once', async (env, reason) => {
    const xprop = new FakeXprop('fullscreen');
    const { read, log } = linuxSensor(xprop, env);
    await expect(read()).resolves.toBeNull();
    await expect(read()).resolves.toBeNull();
    expect(xprop.calls).toEqual([]);
    expect(log.filter({ level: 'debug', msg: reason })).toHaveLength(1);
  });
});

describe('full-screen sensor on other platforms', () => {
  it('macOS reads null with its one-line reason and runs nothing', async () => {
    const xprop = new FakeXprop('fullscreen');
    const log = createTestLogger();
    const read = fullscreenSensor({ log, platform: 'darwin', env: X11_ENV, run: xprop.run, clock: new FakeClock(T0) });
    await expect(read()).resolves.toBeNull();
    expect(xprop.calls).toEqual([]);
    expect(log.messages('debug')).toEqual([`full-screen sensor: ${MACOS_REASON}`]);
  });

  it('Windows runs the encoded PowerShell probe and reads its output', async () => {
    const calls: string[][] = [];
    let out = 'fg=0,0,2560,1440;mon=0,0,2560,1440;class=UnrealWindow\r\n';
    const run: RunProbe = async (file, args) => {
      calls.push([file, ...args]);
      return out;
    };
    const clock = new FakeClock(T0);
    const read = fullscreenSensor({ log: createTestLogger(), platform: 'win32', env: {}, run, clock });
    await expect(read()).resolves.toBe(true);
    out = 'fg=-8,-8,2568,1400;mon=0,0,2560,1440;class=Notepad\r\n';
    await clock.advance(10_000);
    await expect(read()).resolves.toBe(false);
    expect(calls[0]?.[0]).toBe('powershell.exe');
    expect(calls[0]?.slice(1)).toEqual([...FOREGROUND_PROBE_ARGS]);
    const encoded = FOREGROUND_PROBE_ARGS[FOREGROUND_PROBE_ARGS.indexOf('-EncodedCommand') + 1] ?? '';
    expect(Buffer.from(encoded, 'base64').toString('utf16le')).toBe(FOREGROUND_PROBE_SCRIPT);
  });

  it('Windows waits 5 s for PowerShell (start-up and Add-Type) before giving up', async () => {
    const signals: AbortSignal[] = [];
    const run: RunProbe = (_f, _a, signal) => {
      signals.push(signal);
      return new Promise<string>(() => undefined);
    };
    const clock = new FakeClock(T0);
    const read = fullscreenSensor({ log: createTestLogger(), platform: 'win32', env: {}, run, clock });
    let answer: boolean | null | 'pending' = 'pending';
    void read().then((v) => (answer = v));
    await clock.advance(4_999);
    expect(answer).toBe('pending');
    await clock.advance(1);
    await flush();
    expect(answer).toBeNull();
    expect(signals[0]?.aborted).toBe(true);
  });
});
