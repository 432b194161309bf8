import { describe, expect, it } from 'vitest';
import { activeWindowLook, parseActiveWindow, parseWmState, wmStateArgs, wmStateLook } from '../../../src-shared/domain/fullscreen/index';

// Recorded by hand from xprop's documented output (x11-utils 7.7).
const ACTIVE = '_NET_ACTIVE_WINDOW(WINDOW): window id # 0x3a00007\n';
const ACTIVE_NONE = '_NET_ACTIVE_WINDOW(WINDOW): window id # 0x0\n';
const ACTIVE_TWO = '_NET_ACTIVE_WINDOW(WINDOW): window id # 0x3A00007, 0x0\n';
const ACTIVE_NOT_FOUND = '_NET_ACTIVE_WINDOW:  not found.\n';
const ACTIVE_NO_ATOM = '_NET_ACTIVE_WINDOW:  no such atom on any window.\n';
const STATE_FULL = '_NET_WM_STATE(ATOM) = _NET_WM_STATE_FULLSCREEN, _NET_WM_STATE_FOCUSED\n';
const STATE_MAXIMISED = '_NET_WM_STATE(ATOM) = _NET_WM_STATE_MAXIMIZED_VERT, _NET_WM_STATE_MAXIMIZED_HORZ, _NET_WM_STATE_FOCUSED\n';
const STATE_EMPTY = '_NET_WM_STATE(ATOM) = \n';
const STATE_NOT_FOUND = '_NET_WM_STATE:  not found.\n';

describe('xprop _NET_ACTIVE_WINDOW', () => {
  it('reads the active window id (lower-cased, first of several)', () => {
    expect(parseActiveWindow(ACTIVE)).toEqual({ kind: 'window', id: '0x3a00007' });
    expect(parseActiveWindow(ACTIVE_TWO)).toEqual({ kind: 'window', id: '0x3a00007' });
    expect(wmStateArgs('0x3a00007')).toEqual(['-id', '0x3a00007', '_NET_WM_STATE']);
  });

  it('id 0 is no active window: nothing full-screen is in front', () => {
    expect(parseActiveWindow(ACTIVE_NONE)).toEqual({ kind: 'none' });
    expect(activeWindowLook({ kind: 'none' })).toEqual({ kind: 'windowed' });
  });

  it('a window manager without _NET_ACTIVE_WINDOW is a lasting unknown', () => {
    for (const out of [ACTIVE_NOT_FOUND, ACTIVE_NO_ATOM]) {
      const parsed = parseActiveWindow(out);
      expect(parsed).toEqual({ kind: 'unsupported' });
      if (parsed.kind !== 'unsupported') throw new Error('unreachable');
      expect(activeWindowLook(parsed)).toMatchObject({ kind: 'unknown', lasting: true, reason: expect.stringContaining('_NET_ACTIVE_WINDOW') });
    }
  });

  it('output it does not know is unreadable, quoting what it got', () => {
    const parsed = parseActiveWindow('xprop:  unable to open display \':0\'\n');
    expect(parsed).toMatchObject({ kind: 'unreadable', reason: expect.stringContaining("unable to open display ':0'") });
    expect(parseActiveWindow('_NET_ACTIVE_WINDOW(WINDOW): window id # garbage')).toMatchObject({ kind: 'unreadable', reason: expect.stringContaining('not a window id') });
    if (parsed.kind !== 'unreadable') throw new Error('unreachable');
    expect(activeWindowLook(parsed)).toMatchObject({ kind: 'unknown', lasting: false });
  });
});

describe('xprop _NET_WM_STATE', () => {
  it('full screen when _NET_WM_STATE_FULLSCREEN is in the list', () => {
    expect(parseWmState(STATE_FULL)).toEqual({ kind: 'atoms', atoms: ['_NET_WM_STATE_FULLSCREEN', '_NET_WM_STATE_FOCUSED'] });
    expect(wmStateLook(parseWmState(STATE_FULL))).toEqual({ kind: 'fullscreen' });
  });

  it('maximised, empty or absent state is not full screen', () => {
    expect(wmStateLook(parseWmState(STATE_MAXIMISED))).toEqual({ kind: 'windowed' });
    expect(parseWmState(STATE_EMPTY)).toEqual({ kind: 'atoms', atoms: [] });
    expect(parseWmState(STATE_NOT_FOUND)).toEqual({ kind: 'atoms', atoms: [] });
    expect(wmStateLook(parseWmState(STATE_NOT_FOUND))).toEqual({ kind: 'windowed' });
  });

  it('another property or a malformed line is unreadable, not "windowed"', () => {
    expect(wmStateLook(parseWmState(ACTIVE))).toMatchObject({ kind: 'unknown', reason: expect.stringContaining('no _NET_WM_STATE line') });
    expect(parseWmState('_NET_WM_STATE(CARDINAL) = 3')).toMatchObject({ kind: 'unreadable', reason: expect.stringContaining('not a list of atoms') });
  });
});
