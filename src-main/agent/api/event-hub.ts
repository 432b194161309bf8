// Fans ApiEvents out to every connected dashboard. Each subscriber decides for itself what to do
// with an event it cannot take now (the WebSocket session drops high-volume ones for a slow
// client). The count lets costly producers (the hardware sampler) run only while someone watches.
import type { ApiEvent } from '../../../src-shared/api/events';

export type EventSink = (event: ApiEvent) => void;

export class ApiEventHub {
  private readonly sinks = new Set<EventSink>();
  private readonly countListeners = new Set<(count: number) => void>();
  private delivering = false;
  private readonly queued: ApiEvent[] = [];

  get count(): number {
    return this.sinks.size;
  }

  subscribe(sink: EventSink): () => void {
    this.sinks.add(sink);
    this.countChanged();
    return () => {
      if (this.sinks.delete(sink)) this.countChanged();
    };
  }

  onCount(fn: (count: number) => void): () => void {
    this.countListeners.add(fn);
    return () => this.countListeners.delete(fn);
  }

  publish(event: ApiEvent): void {
    if (this.sinks.size === 0) return;
    // A sink that logs while delivering would otherwise re-enter through the live log: queue it.
    this.queued.push(event);
    if (this.delivering) return;
    this.delivering = true;
    try {
      for (let e = this.queued.shift(); e !== undefined; e = this.queued.shift()) {
        for (const sink of this.sinks) {
          try {
            sink(e);
          } catch {
            // One broken dashboard must not stop the others or the code that published.
          }
        }
      }
    } finally {
      this.delivering = false;
    }
  }

  private countChanged(): void {
    for (const fn of this.countListeners) fn(this.sinks.size);
  }
}
