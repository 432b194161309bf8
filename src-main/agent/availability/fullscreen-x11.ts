// Full-screen on Linux/X11 through xprop (Debian: x11-utils): the active window from the root
// window, then its _NET_WM_STATE. Two short-lived processes, a few milliseconds each.
import { ACTIVE_WINDOW_ARGS, activeWindowLook, parseActiveWindow, parseWmState, unknownLook, wmStateArgs, wmStateLook, type FullscreenLook } from '../../../src-shared/domain/fullscreen/index';
import { isMissingBinary, probeFailure, type RunProbe } from './fullscreen-run';

/** Why X11 cannot be asked in this session (lasting), or null when it can. */
export function x11Unavailable(env: NodeJS.ProcessEnv): string | null {
  if (env.WAYLAND_DISPLAY || env.XDG_SESSION_TYPE === 'wayland') {
    return 'a Wayland session does not tell other programs which window is in front, so full-screen apps cannot be told';
  }
  if (!env.DISPLAY) return 'no X display (DISPLAY is not set), so full-screen apps cannot be told';
  return null;
}

export async function lookX11(run: RunProbe, signal: AbortSignal): Promise<FullscreenLook> {
  try {
    const active = parseActiveWindow(await run('xprop', ACTIVE_WINDOW_ARGS, signal));
    if (active.kind !== 'window') return activeWindowLook(active);
    return wmStateLook(parseWmState(await run('xprop', wmStateArgs(active.id), signal)));
  } catch (err) {
    if (isMissingBinary(err)) return unknownLook('xprop is not installed (Debian/Ubuntu package x11-utils), so full-screen apps cannot be told', true);
    // E.g. BadWindow: the window closed between the two calls. The next look will do.
    return unknownLook(`xprop failed: ${probeFailure(err)}`);
  }
}
