// A fake xprop for the sensor tests: answers from a script of screen states, records every call
// and the abort signal it got, and can fail the way execFile does (ENOENT, BadWindow, a hang).
import type { RunProbe } from '../../../src-main/agent/availability/fullscreen-run';

export type Screen = 'fullscreen' | 'windowed' | 'missing-binary' | 'bad-window' | 'hang';

export class FakeXprop {
  calls: string[][] = [];
  signals: AbortSignal[] = [];
  constructor(public screen: Screen = 'windowed') {}

  readonly run: RunProbe = (file, args, signal) => {
    this.calls.push([file, ...args]);
    this.signals.push(signal);
    if (this.screen === 'missing-binary') return Promise.reject(Object.assign(new Error(`spawn ${file} ENOENT`), { code: 'ENOENT' }));
    if (this.screen === 'hang') return new Promise<string>(() => undefined);
    if (args[0] === '-root') return Promise.resolve('_NET_ACTIVE_WINDOW(WINDOW): window id # 0x3a00007\n');
    if (this.screen === 'bad-window') {
      return Promise.reject(Object.assign(new Error('Command failed: xprop -id 0x3a00007 _NET_WM_STATE'), { code: 1, stderr: 'X Error of failed request:  BadWindow (invalid Window parameter)' }));
    }
    return Promise.resolve(this.screen === 'fullscreen' ? '_NET_WM_STATE(ATOM) = _NET_WM_STATE_FULLSCREEN, _NET_WM_STATE_FOCUSED\n' : '_NET_WM_STATE:  not found.\n');
  };
}

export const X11_ENV = { DISPLAY: ':0', XDG_SESSION_TYPE: 'x11' };
