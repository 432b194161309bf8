// Main's own small view of the Island for the tray, notifications and sleep prevention: the latest
// StatusView, asked for when the agent is ready and kept current from its `status` events.
// Forgotten when the agent goes away, so the tray never shows a dead agent as online.
import type { IslandApi } from '../../../src-shared/api/client';
import type { StatusView } from '../../../src-shared/api/views';
import { errorMessage } from '../../../src-shared/errors';
import type { Logger } from '../../agent/log/types';
import type { AgentLink } from './agent-router';

export class StatusTracker {
  private current: StatusView | null = null;
  private readonly listeners = new Set<(s: StatusView | null) => void>();

  constructor(
    private readonly api: IslandApi,
    link: Pick<AgentLink, 'onMessage' | 'onState'>,
    private readonly log: Logger,
  ) {
    api.on('status', (e) => this.set(e.status));
    link.onMessage((m) => {
      if (m.type === 'ready') void this.refresh();
    });
    link.onState((s) => {
      if (s.type !== 'running' && s.type !== 'draining' && this.current !== null) this.set(null);
    });
  }

  get status(): StatusView | null {
    return this.current;
  }

  get activeJobs(): number {
    return this.current?.activeJobs.length ?? 0;
  }

  onChange(fn: (s: StatusView | null) => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  async refresh(): Promise<void> {
    try {
      this.set(await this.api.call('status.get', {}));
    } catch (err) {
      this.log.warn('could not read the Island status', { error: errorMessage(err) });
    }
  }

  private set(s: StatusView | null): void {
    this.current = s;
    for (const fn of this.listeners) fn(s);
  }
}
