// xprop's answers on X11 (x11-utils), read in two steps: which window is active
// (`xprop -root _NET_ACTIVE_WINDOW`), then that window's EWMH state (`xprop -id <id>
// _NET_WM_STATE`). Formats, as xprop prints them:
//   _NET_ACTIVE_WINDOW(WINDOW): window id # 0x3a00007
//   _NET_WM_STATE(ATOM) = _NET_WM_STATE_FULLSCREEN, _NET_WM_STATE_FOCUSED
//   _NET_WM_STATE:  not found.                     (the window has no state: not full screen)
//   _NET_ACTIVE_WINDOW:  no such atom on any window. (no EWMH window manager)
import { quoteOutput as quote } from './reading';

export const ACTIVE_WINDOW_ARGS: readonly string[] = ['-root', '_NET_ACTIVE_WINDOW'];

export function wmStateArgs(windowId: string): readonly string[] {
  return ['-id', windowId, '_NET_WM_STATE'];
}

export type ActiveWindow =
  | { readonly kind: 'window'; readonly id: string }
  /** Nothing has the focus (id 0), e.g. between two windows. */
  | { readonly kind: 'none' }
  /** The window manager does not publish the active window (not EWMH). */
  | { readonly kind: 'unsupported' }
  | { readonly kind: 'unreadable'; readonly reason: string };

export type WmState = { readonly kind: 'atoms'; readonly atoms: readonly string[] } | { readonly kind: 'unreadable'; readonly reason: string };

const NOT_SET = /:\s+(not found|no such atom on any window)\.\s*$/;

export function parseActiveWindow(stdout: string): ActiveWindow {
  const line = propertyLine(stdout, '_NET_ACTIVE_WINDOW');
  if (line === null) return { kind: 'unreadable', reason: `xprop printed no _NET_ACTIVE_WINDOW line: ${quote(stdout)}` };
  if (NOT_SET.test(line)) return { kind: 'unsupported' };
  // Some window managers list more than one id; the first is the active one.
  const m = /window id #\s*(0x[0-9a-f]+)/i.exec(line);
  if (!m?.[1]) return { kind: 'unreadable', reason: `_NET_ACTIVE_WINDOW is not a window id: ${quote(line)}` };
  return /^0x0+$/i.test(m[1]) ? { kind: 'none' } : { kind: 'window', id: m[1].toLowerCase() };
}

export function parseWmState(stdout: string): WmState {
  const line = propertyLine(stdout, '_NET_WM_STATE');
  if (line === null) return { kind: 'unreadable', reason: `xprop printed no _NET_WM_STATE line: ${quote(stdout)}` };
  if (NOT_SET.test(line)) return { kind: 'atoms', atoms: [] };
  const m = /^_NET_WM_STATE\(ATOM\)\s*=\s*(.*)$/.exec(line);
  if (!m) return { kind: 'unreadable', reason: `_NET_WM_STATE is not a list of atoms: ${quote(line)}` };
  const atoms = (m[1] ?? '')
    .split(',')
    .map((a) => a.trim())
    .filter((a) => a !== '');
  return { kind: 'atoms', atoms };
}

export function isFullscreenState(state: WmState & { kind: 'atoms' }): boolean {
  return state.atoms.includes('_NET_WM_STATE_FULLSCREEN');
}

/** The line that names `property` (xprop prints just one when asked for one). */
function propertyLine(stdout: string, property: string): string | null {
  for (const raw of stdout.split(/\r?\n/)) {
    const line = raw.trim();
    if (line.startsWith(`${property}(`) || line.startsWith(`${property}:`)) return line;
  }
  return null;
}
