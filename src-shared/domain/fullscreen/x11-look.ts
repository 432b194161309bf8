// The two xprop answers combined into one look at the screen.
import { FULLSCREEN, WINDOWED, unknownLook, type FullscreenLook } from './reading';
import { isFullscreenState, type ActiveWindow, type WmState } from './xprop';

/** The look when there is no active window to ask about (none, no EWMH, unreadable). */
export function activeWindowLook(active: Exclude<ActiveWindow, { kind: 'window' }>): FullscreenLook {
  switch (active.kind) {
    case 'none':
      return WINDOWED;
    case 'unsupported':
      return unknownLook('the window manager does not publish the active window (_NET_ACTIVE_WINDOW), so full-screen apps cannot be told', true);
    case 'unreadable':
      return unknownLook(active.reason);
  }
}

export function wmStateLook(state: WmState): FullscreenLook {
  if (state.kind === 'unreadable') return unknownLook(state.reason);
  return isFullscreenState(state) ? FULLSCREEN : WINDOWED;
}
