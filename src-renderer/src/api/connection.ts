// The dashboard's link to the agent as the UI sees it. Every transport reports through this one
// union, so the banner and the wrong-token screen do not care whether frames ride a WebSocket or
// Electron IPC.

export type ConnectionState =
  | { kind: 'connecting' }
  /** `epoch` counts the opens: data fetched under an older epoch may have missed events. */
  | { kind: 'open'; epoch: number }
  | { kind: 'reconnecting'; epoch: number; attempt: number; retryAt: number; reason: string }
  /** The agent will not talk to this page (wrong or expired token); retrying cannot help. */
  | { kind: 'refused'; reason: string }
  /** The page was opened without a token and none is remembered for this tab. */
  | { kind: 'no-token' };

export interface Connection {
  state(): ConnectionState;
  /** Returns an unsubscribe function. */
  onState(fn: (state: ConnectionState) => void): () => void;
}

/** The epoch data should be (re)loaded under: the last open, kept while reconnecting. */
export function epochOf(state: ConnectionState): number {
  return state.kind === 'open' || state.kind === 'reconnecting' ? state.epoch : 0;
}

/** A connection that never changes: the preload bridge without lifecycle hooks, and tests. */
export function fixedConnection(state: ConnectionState): Connection {
  return { state: () => state, onState: () => () => undefined };
}

/** A small observable holder the transports share. */
export class ConnectionStore implements Connection {
  private current: ConnectionState;
  private readonly listeners = new Set<(s: ConnectionState) => void>();

  constructor(initial: ConnectionState) {
    this.current = initial;
  }

  state(): ConnectionState {
    return this.current;
  }

  onState(fn: (state: ConnectionState) => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  set(next: ConnectionState): void {
    this.current = next;
    for (const fn of [...this.listeners]) fn(next);
  }
}
