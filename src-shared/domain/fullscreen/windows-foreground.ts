// The Windows probe's output (see src-main/agent/availability/fullscreen-windows.ts for the
// PowerShell that prints it): one line, rectangles as left,top,right,bottom in screen pixels,
// the window class last because a class name may hold any character:
//   fg=0,0,1920,1080;mon=0,0,1920,1080;class=UnityWndClass
//   none                                  (no foreground window, e.g. while switching)
// Full screen when the foreground window covers exactly its monitor and is not the shell itself
// (the desktop and the taskbar also cover a monitor).
import { FULLSCREEN, WINDOWED, quoteOutput, unknownLook, type FullscreenLook } from './reading';

export interface Rect {
  readonly left: number;
  readonly top: number;
  readonly right: number;
  readonly bottom: number;
}

export type ForegroundProbe =
  | { readonly kind: 'window'; readonly window: Rect; readonly monitor: Rect; readonly className: string }
  | { readonly kind: 'none' }
  | { readonly kind: 'unreadable'; readonly reason: string };

/** Window classes of the shell: the desktop (Progman, WorkerW) and the taskbars. */
export const SHELL_WINDOW_CLASSES: ReadonlySet<string> = new Set(['progman', 'workerw', 'shell_traywnd', 'shell_secondarytraywnd']);

const LINE = /^fg=(-?\d+),(-?\d+),(-?\d+),(-?\d+);mon=(-?\d+),(-?\d+),(-?\d+),(-?\d+);class=(.*)$/;

export function parseForegroundProbe(stdout: string): ForegroundProbe {
  const line = stdout
    .split(/\r?\n/)
    .map((l) => l.trim())
    .find((l) => l !== '');
  if (line === 'none') return { kind: 'none' };
  const m = line === undefined ? null : LINE.exec(line);
  if (!m) return { kind: 'unreadable', reason: `the foreground-window probe printed ${quoteOutput(stdout)}, not "fg=l,t,r,b;mon=l,t,r,b;class=name"` };
  const n = m.slice(1, 9).map(Number);
  return { kind: 'window', window: rect(n, 0), monitor: rect(n, 4), className: m[9] ?? '' };
}

export function foregroundLook(probe: ForegroundProbe): FullscreenLook {
  if (probe.kind === 'unreadable') return unknownLook(probe.reason);
  if (probe.kind === 'none') return WINDOWED;
  if (SHELL_WINDOW_CLASSES.has(probe.className.toLowerCase())) return WINDOWED;
  const { window: w, monitor: m } = probe;
  // A monitor without size means GetMonitorInfo failed: that is no reading at all.
  if (m.right <= m.left || m.bottom <= m.top) return unknownLook(`the monitor of the foreground window has no size (${m.left},${m.top},${m.right},${m.bottom})`);
  const covers = w.left === m.left && w.top === m.top && w.right === m.right && w.bottom === m.bottom;
  return covers ? FULLSCREEN : WINDOWED;
}

function rect(n: number[], at: number): Rect {
  return { left: n[at] ?? 0, top: n[at + 1] ?? 0, right: n[at + 2] ?? 0, bottom: n[at + 3] ?? 0 };
}
