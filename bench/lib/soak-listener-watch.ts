// The highest number of listeners any one EventEmitter holds for one event, on this thread,
// noted at every addListener / on / prependListener (once and prependOnceListener go through
// them). A leak of listeners shows as a high-water mark that keeps climbing over the run. It costs
// one listenerCount() per listener added. Not seen: EventTarget listeners (AbortSignal), which
// Node reports with its own MaxListenersExceededWarning, and other threads (the per-job workers).
// Import it before anything else, so the emitters made at start-up are counted too.
import { EventEmitter } from 'node:events';

export interface ListenerHighWater {
  count: number;
  /** The emitter's constructor name and the event, for the report. */
  emitter: string;
  event: string;
}

const none = (): ListenerHighWater => ({ count: 0, emitter: '', event: '' });
let windowMax = none();
let everMax = none();

function note(emitter: EventEmitter, event: string | symbol): void {
  const count = emitter.listenerCount(event);
  if (count <= windowMax.count) return;
  windowMax = { count, emitter: emitter.constructor?.name ?? 'EventEmitter', event: String(event) };
  if (count > everMax.count) everMax = windowMax;
}

type AddListener = (this: EventEmitter, event: string | symbol, listener: (...args: unknown[]) => void) => EventEmitter;
const proto = EventEmitter.prototype as unknown as Record<'addListener' | 'on' | 'prependListener', AddListener>;
for (const name of ['addListener', 'on', 'prependListener'] as const) {
  const original = proto[name];
  proto[name] = function (this: EventEmitter, event, listener) {
    const result = original.call(this, event, listener);
    note(this, event);
    return result;
  };
}

/** The window's high-water mark (then a new window starts) and the run's. */
export function takeListenerHighWater(): { window: ListenerHighWater; ever: ListenerHighWater } {
  const window = windowMax;
  windowMax = none();
  return { window, ever: everMax };
}
