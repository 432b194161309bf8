// OS notifications for what the owner should hear about while the window is closed: the Island
// went offline (or came back), it stopped unexpectedly, an update is ready or was refused. They
// come from state changes, computed purely from the previous and next state so each is tested as
// a table; a crash loop notifies once, not on every restart.
import type { IslandPhase } from '../../../src-shared/api/views';
import type { AgentState } from '../agent/agent-supervisor';
import type { UpdateState } from '../update/update-state';

export interface Notice {
  title: string;
  body: string;
}

export interface NotifyState {
  phase: IslandPhase | null;
  lastError: string | null;
  agent: AgentState;
  update: UpdateState;
}

const CONNECTED: ReadonlySet<IslandPhase> = new Set(['online', 'working', 'paused']);

export function noticesFor(prev: NotifyState, next: NotifyState): Notice[] {
  const out: Notice[] = [];
  if (prev.phase && CONNECTED.has(prev.phase) && next.phase === 'disconnected') {
    out.push({ title: 'Island is offline', body: next.lastError ?? 'The coordinator cannot be reached. The Island keeps trying.' });
  }
  if (prev.phase === 'disconnected' && next.phase && CONNECTED.has(next.phase)) {
    out.push({ title: 'Island is back online', body: 'Connected to the coordinator again.' });
  }
  // `restarts` counts the crashes since the last stable run: only the first of a series is news.
  if (next.agent.type === 'waiting' && prev.agent.type !== 'waiting' && next.agent.restarts === 1) {
    out.push(
      next.agent.fatal
        ? { title: 'Island cannot start', body: next.agent.fatal.split('\n')[0] ?? next.agent.fatal }
        : { title: 'Island stopped unexpectedly', body: 'It restarts by itself. The logs say why it stopped.' },
    );
  }
  const u = next.update;
  if (u.type === 'staged' && prev.update.type !== 'staged') {
    const notes = u.notes?.trim().split('\n')[0];
    out.push({ title: `Island ${u.version} is ready`, body: `It installs when no job is running.${notes ? ` ${notes}` : ''}` });
  }
  if (u.type === 'refused' && !(prev.update.type === 'refused' && prev.update.version === u.version)) {
    out.push({ title: `Update ${u.version} was refused`, body: u.reason });
  }
  return out;
}

export class Notifier {
  private prev: NotifyState | null = null;

  constructor(
    private readonly show: (notice: Notice) => void,
    private readonly supported: boolean,
  ) {}

  update(next: NotifyState): void {
    const prev = this.prev;
    this.prev = next;
    if (!prev || !this.supported) return;
    for (const n of noticesFor(prev, next)) this.show(n);
  }

  /** A one-off notice (a rollback found at start-up). */
  notify(notice: Notice): void {
    if (this.supported) this.show(notice);
  }
}
