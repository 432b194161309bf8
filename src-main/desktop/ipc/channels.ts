// The four IPC channels between the dashboard's preload and main. Nothing else crosses: the
// renderer sends request frames, main pushes server frames and a close notice. Pure constants:
// the sandboxed preload bundles this file.
export const IPC_CHANNELS = {
  /** renderer → main: one RequestFrame. */
  request: 'island:request',
  /** main → renderer: one ServerFrame (a response or an event). */
  frame: 'island:frame',
  /** main → renderer: the agent went away; pending calls should fail. */
  close: 'island:close',
  /** main → renderer: the agent (re)started and answers again; the dashboard reloads its data. */
  ready: 'island:ready',
} as const;

/** The name of the one object the preload puts on `window`. */
export const BRIDGE_NAME = 'island';
