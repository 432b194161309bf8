// Is a full-screen app in front? (game mode, issue 7). Pure readers of each platform's tool
// output; the agent runs the tools (src-main/agent/availability/fullscreen-*.ts).
export { FULLSCREEN, WINDOWED, lookAsReading, quoteOutput, unknownLook, type FullscreenLook } from './reading';
export { ACTIVE_WINDOW_ARGS, isFullscreenState, parseActiveWindow, parseWmState, wmStateArgs, type ActiveWindow, type WmState } from './xprop';
export { activeWindowLook, wmStateLook } from './x11-look';
export { SHELL_WINDOW_CLASSES, foregroundLook, parseForegroundProbe, type ForegroundProbe, type Rect } from './windows-foreground';
