// The coordinator's job state machine (island-protocol.md §3.5, docs/runtimes.md):
// assigned → started → (streaming)* → exactly one of succeeded | failed | cancelled.
// Pure: each function takes the job's track and one event, and returns the next track plus the
// violation it represents, if any. The coordinator records violations; it never throws on them,
// because a test wants to see every one, not just the first.
import type { JobState, TerminalJobState } from '../../../src-shared/protocol/messages';

export type TrackedState = 'assigned' | JobState;

export interface JobTrack {
  readonly state: TrackedState;
  /** Highest output seq seen so far. */
  readonly lastSeq: number | null;
  /** Seq of the `is_final` chunk, once one arrived. */
  readonly finalSeq: number | null;
}

export interface Checked {
  track: JobTrack;
  error: string | null;
}

export const NEW_JOB_TRACK: JobTrack = Object.freeze({ state: 'assigned', lastSeq: null, finalSeq: null });

const TERMINAL_STATES: readonly TerminalJobState[] = ['succeeded', 'failed', 'cancelled'];
const KNOWN_STATES: readonly JobState[] = ['started', 'streaming', ...TERMINAL_STATES];
const TERMINAL: readonly string[] = TERMINAL_STATES;
const KNOWN: readonly string[] = KNOWN_STATES;
const SHAPE = 'assigned → started → streaming* → succeeded|failed|cancelled';

export function isTerminal(state: string): state is TerminalJobState {
  return TERMINAL.includes(state);
}

export function checkStatus(track: JobTrack, state: string): Checked {
  const ok = (next: TrackedState): Checked => ({ track: { ...track, state: next }, error: null });
  const bad = (error: string, next: TrackedState = track.state): Checked => ({ track: { ...track, state: next }, error });

  if (!KNOWN.includes(state)) {
    const hint = state === 'completed' ? " (the coordinator rejects it; send 'succeeded')" : '';
    return bad(`state '${state}' is not in the coordinator state machine ${SHAPE}${hint}`);
  }
  if (isTerminal(track.state)) return bad(`'${state}' after terminal state '${track.state}'`);
  if (state === 'started') {
    return track.state === 'assigned' ? ok('started') : bad(`'started' again while '${track.state}'`);
  }
  if (state === 'streaming') {
    return track.state === 'assigned' ? bad("'streaming' before 'started'", 'streaming') : ok('streaming');
  }
  // A terminal state: the job is over either way, so move there even when it came too early.
  const terminal = state as TerminalJobState;
  if (track.state === 'assigned') return bad(`terminal '${terminal}' without 'started'`, terminal);
  return ok(terminal);
}

export function checkOutput(track: JobTrack, seq: number, isFinal: boolean): Checked {
  const errors: string[] = [];
  const phase = activityPhaseError(track, 'output');
  if (phase) errors.push(phase);
  if (track.lastSeq !== null && seq < track.lastSeq) errors.push(`output seq went backwards (${seq} after ${track.lastSeq})`);
  else if (track.lastSeq !== null && seq === track.lastSeq) errors.push(`output seq ${seq} repeated`);
  if (track.finalSeq !== null) {
    errors.push(isFinal ? `more than one is_final chunk (seq ${track.finalSeq}, then ${seq})` : `output after the is_final chunk (seq ${seq})`);
  }
  return {
    track: {
      ...track,
      lastSeq: track.lastSeq === null ? seq : Math.max(track.lastSeq, seq),
      finalSeq: track.finalSeq ?? (isFinal ? seq : null),
    },
    error: errors.length > 0 ? errors.join('; ') : null,
  };
}

/** Progress, image and lease renewals may only come while the job runs. */
export function checkActivity(track: JobTrack, kind: 'progress' | 'image' | 'lease renewal'): string | null {
  return activityPhaseError(track, kind);
}

function activityPhaseError(track: JobTrack, kind: string): string | null {
  if (isTerminal(track.state)) return `${kind} after terminal state '${track.state}'`;
  if (track.state === 'assigned') return `${kind} before 'started'`;
  return null;
}
