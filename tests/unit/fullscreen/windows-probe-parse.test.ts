import { describe, expect, it } from 'vitest';
import { foregroundLook, parseForegroundProbe } from '../../../src-shared/domain/fullscreen/index';

// The format printed by FOREGROUND_PROBE_SCRIPT (fullscreen-windows.ts), written by hand.
const look = (stdout: string) => foregroundLook(parseForegroundProbe(stdout));

describe('Windows foreground-window probe', () => {
  it('a window covering exactly its monitor is full screen, on any monitor of a multi-monitor desk', () => {
    expect(parseForegroundProbe('fg=0,0,1920,1080;mon=0,0,1920,1080;class=UnityWndClass\r\n')).toEqual({
      kind: 'window',
      window: { left: 0, top: 0, right: 1920, bottom: 1080 },
      monitor: { left: 0, top: 0, right: 1920, bottom: 1080 },
      className: 'UnityWndClass',
    });
    expect(look('fg=0,0,1920,1080;mon=0,0,1920,1080;class=UnityWndClass\r\n')).toEqual({ kind: 'fullscreen' });
    expect(look('fg=-2560,0,0,1440;mon=-2560,0,0,1440;class=Chrome_WidgetWin_1')).toEqual({ kind: 'fullscreen' });
  });

  it('a maximised window (borders past the edge) or a smaller one is not full screen', () => {
    expect(look('fg=-8,-8,1928,1048;mon=0,0,1920,1080;class=Notepad')).toEqual({ kind: 'windowed' });
    expect(look('fg=100,100,900,700;mon=0,0,1920,1080;class=Notepad')).toEqual({ kind: 'windowed' });
  });

  it('the desktop and the taskbar cover the monitor but are the shell, not an app', () => {
    for (const cls of ['Progman', 'WorkerW', 'Shell_TrayWnd', 'Shell_SecondaryTrayWnd']) {
      expect(look(`fg=0,0,1920,1080;mon=0,0,1920,1080;class=${cls}`)).toEqual({ kind: 'windowed' });
    }
  });

  it('no foreground window is nothing in front; a class name keeps any character', () => {
    expect(look('none\r\n')).toEqual({ kind: 'windowed' });
    expect(parseForegroundProbe('fg=0,0,10,10;mon=0,0,10,10;class=a;b=c')).toMatchObject({ className: 'a;b=c' });
  });

  it('other output is unknown with the output and the expected format in the reason', () => {
    expect(look('Add-Type : Cannot add type. Compilation errors occurred.')).toMatchObject({
      kind: 'unknown',
      lasting: false,
      reason: expect.stringMatching(/printed "Add-Type : Cannot add type.*not "fg=l,t,r,b;mon=l,t,r,b;class=name"/),
    });
    expect(look('')).toMatchObject({ kind: 'unknown' });
    expect(look('fg=0,0,0,0;mon=0,0,0,0;class=X')).toMatchObject({ kind: 'unknown', reason: expect.stringContaining('has no size') });
  });
});
