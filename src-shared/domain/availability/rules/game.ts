// Game mode: the owner's game gets the machine. Process names are compared the way an owner
// writes them: any case, with or without ".exe", with or without a folder in front.
import type { GameRule, ProcessReading } from '../types';
import { PASSES } from './rule-outcome';
import type { RuleOutcome } from './rule-outcome';

export function normaliseProcessName(name: string): string {
  const base = name.trim().split(/[\\/]/).pop() ?? '';
  return base.toLowerCase().replace(/\.exe$/, '');
}

/** The first running process (as reported) that the owner listed; null when none or unknown. */
export function findListedProcess(listed: readonly string[], running: ProcessReading): string | null {
  if (running.kind === 'unknown' || listed.length === 0) return null;
  const wanted = new Set(listed.map(normaliseProcessName).filter((n) => n !== ''));
  for (const name of running.names) {
    if (wanted.has(normaliseProcessName(name))) return name.trim().split(/[\\/]/).pop() ?? name;
  }
  return null;
}

// Unknown readings never block: a machine that cannot list processes or see full-screen apps
// would otherwise never work at all, and the owner can still pause by hand.
export function evaluateGame(rule: GameRule, processes: ProcessReading, fullscreen: boolean | null): RuleOutcome {
  if (rule.kind === 'off') return PASSES;
  const game = findListedProcess(rule.processes, processes);
  if (game !== null) return { blocking: { code: 'game_running', text: `Game running: ${game}`, process: game }, changesAt: null };
  if (rule.pauseOnFullscreen && fullscreen === true) {
    return { blocking: { code: 'fullscreen_app', text: 'A full-screen app is in front' }, changesAt: null };
  }
  return PASSES;
}
