// The Island's phase as the owner reads it: four words (online, working, paused, offline) plus
// the transitions, each with a tone for its badge.
import type { IslandPhase } from '../../../../src-shared/api/views';

export type Tone = 'ok' | 'warn' | 'error' | 'accent';

const PHASES: Record<IslandPhase, { label: string; tone: Tone }> = {
  connecting: { label: 'Connecting', tone: 'warn' },
  online: { label: 'Online', tone: 'ok' },
  working: { label: 'Working', tone: 'accent' },
  paused: { label: 'Paused', tone: 'warn' },
  disconnected: { label: 'Offline', tone: 'error' },
  stopping: { label: 'Stopping', tone: 'warn' },
  stopped: { label: 'Offline', tone: 'error' },
};

export function phaseLabel(phase: IslandPhase): { label: string; tone: Tone } {
  return PHASES[phase];
}
