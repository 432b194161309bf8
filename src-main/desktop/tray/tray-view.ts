// The tray, computed from state alone: which icon, what the tooltip says, and the menu. Pure, so
// each state's tray is a table test; TrayService only applies what this returns.
import type { StatusView } from '../../../src-shared/api/views';
import type { AgentState } from '../agent/agent-supervisor';
import type { UpdateState } from '../update/update-state';

export type TrayIcon = 'idle' | 'available' | 'working' | 'paused' | 'error';
export const TRAY_ICONS: readonly TrayIcon[] = ['idle', 'available', 'working', 'paused', 'error'];

export type TrayAction = 'go-online' | 'pause' | 'pause-hour' | 'open-dashboard' | 'pairing' | 'install-update' | 'toggle-login' | 'quit';

export type TrayMenuItem =
  | { type: 'label'; label: string }
  | { type: 'separator' }
  | { type: 'action'; action: TrayAction; label: string; enabled: boolean }
  | { type: 'checkbox'; action: TrayAction; label: string; checked: boolean; enabled: boolean };

export interface TrayView {
  icon: TrayIcon;
  tooltip: string;
  menu: TrayMenuItem[];
}

export type QuitState = { type: 'running' } | { type: 'draining'; activeJobs: number };

export interface TrayInput {
  agent: AgentState;
  status: StatusView | null;
  quit: QuitState;
  update: UpdateState;
  launchAtLogin: boolean;
  now: number;
  /** Local wall-clock time for "paused until", injectable for tests. */
  formatTime?: (ms: number) => string;
}

/** Windows truncates tray tooltips at 127 characters. */
const MAX_TOOLTIP = 127;

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function firstLine(text: string): string {
  const line = text.split('\n')[0] ?? text;
  return line.length > 90 ? `${line.slice(0, 89)}…` : line;
}

const clock = (ms: number) => new Date(ms).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });

/** The icon and status line for the Island's state. */
export function trayStatus(input: TrayInput): { icon: TrayIcon; line: string } {
  const { agent, status, quit } = input;
  if (quit.type === 'draining') {
    return { icon: 'working', line: quit.activeJobs > 0 ? `Finishing ${plural(quit.activeJobs, 'job')}…` : 'Stopping…' };
  }
  if (agent.type === 'waiting') {
    if (agent.fatal) return { icon: 'error', line: `Cannot start: ${firstLine(agent.fatal)}` };
    const seconds = Math.max(1, Math.ceil((agent.retryAt - input.now) / 1000));
    return { icon: 'error', line: `Stopped unexpectedly; restarting in ${seconds} s` };
  }
  if (agent.type !== 'running' || !status) return { icon: 'idle', line: 'Starting…' };
  const jobs = status.activeJobs.length;
  switch (status.phase) {
    case 'connecting':
      return { icon: 'idle', line: 'Connecting to the coordinator…' };
    case 'online':
      return status.availability.takingJobs
        ? { icon: 'available', line: 'Online, waiting for jobs' }
        : { icon: 'idle', line: `Online, not taking jobs: ${firstLine(status.availability.reason)}` };
    case 'working':
      return { icon: 'working', line: `Running ${plural(jobs, 'job')}` };
    case 'paused': {
      // Paused by a rule of the owner's policy (schedule, hot GPU, game, idle-only): say which.
      const a = status.availability;
      if (a.decidedBy !== undefined && a.decidedBy !== 'manual' && a.decidedBy !== 'online') return { icon: 'paused', line: `Paused: ${firstLine(a.reason)}` };
      const until = status.availability.pausedUntil;
      return { icon: 'paused', line: until !== null ? `Paused until ${(input.formatTime ?? clock)(until)}` : 'Paused' };
    }
    case 'disconnected':
      return { icon: 'error', line: `Offline: ${firstLine(status.coordinator.lastError ?? 'the coordinator is unreachable')}` };
    case 'stopping':
      return { icon: 'working', line: jobs > 0 ? `Finishing ${plural(jobs, 'job')}…` : 'Stopping…' };
    case 'stopped':
      return { icon: 'idle', line: 'Stopped' };
  }
}

function updateLine(update: UpdateState): string | null {
  switch (update.type) {
    case 'downloading':
      return `Downloading update ${update.version}: ${Math.floor(update.percent)}%`;
    case 'verifying':
      return `Checking update ${update.version}…`;
    case 'staged':
      return `Update ${update.version} ready`;
    case 'waiting-for-jobs':
      return `Update ${update.version} installs when running jobs end`;
    case 'installing':
      return `Installing update ${update.version}…`;
    case 'refused':
      return `Update ${update.version} refused: ${firstLine(update.reason)}`;
    default:
      return null;
  }
}

export function trayView(input: TrayInput): TrayView {
  const { icon, line } = trayStatus(input);
  const draining = input.quit.type === 'draining';
  const live = input.agent.type === 'running' && input.status !== null && !draining;
  const mode = input.status?.availability.mode ?? 'online';
  const timedPause = input.status?.availability.pausedUntil != null;
  const jobs = input.status?.activeJobs.length ?? 0;
  const menu: TrayMenuItem[] = [{ type: 'label', label: line }];
  const upd = updateLine(input.update);
  if (upd) menu.push({ type: 'label', label: upd });
  menu.push({ type: 'separator' });
  if (mode === 'paused') menu.push({ type: 'action', action: 'go-online', label: timedPause ? 'Go online now' : 'Go online', enabled: live });
  else menu.push({ type: 'action', action: 'pause', label: 'Pause', enabled: live });
  menu.push({ type: 'action', action: 'pause-hour', label: 'Pause for an hour', enabled: live });
  menu.push({ type: 'separator' });
  menu.push({ type: 'action', action: 'open-dashboard', label: 'Open dashboard', enabled: true });
  const paired = input.status?.pairing.state === 'paired';
  menu.push({ type: 'action', action: 'pairing', label: paired ? 'Pairing (paired)' : 'Pair with your account…', enabled: true });
  if (input.update.type === 'staged' || input.update.type === 'waiting-for-jobs') {
    menu.push({ type: 'action', action: 'install-update', label: `Restart to update to ${input.update.version}`, enabled: !draining });
  }
  menu.push({ type: 'separator' });
  menu.push({ type: 'checkbox', action: 'toggle-login', label: 'Launch at login', checked: input.launchAtLogin, enabled: true });
  menu.push({ type: 'separator' });
  menu.push({
    type: 'action',
    action: 'quit',
    label: draining ? line : jobs > 0 ? `Quit (finishes ${plural(jobs, 'running job')} first)` : 'Quit',
    enabled: !draining,
  });
  const tooltip = `Island: ${line}${upd ? ` (${upd})` : ''}`;
  return { icon, tooltip: tooltip.length > MAX_TOOLTIP ? `${tooltip.slice(0, MAX_TOOLTIP - 1)}…` : tooltip, menu };
}
