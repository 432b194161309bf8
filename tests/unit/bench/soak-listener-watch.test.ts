// The listener high-water mark: the most listeners one emitter held for one event among those
// added in a window, with the emitter's class and the event, and the run's maximum.
import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { takeListenerHighWater } from '../../../bench/lib/soak-listener-watch';
import { countResources } from '../../../bench/lib/soak-island-sampler';

class JobBus extends EventEmitter {}

describe('listener high-water mark', () => {
  it('sees on, once and prepend, names emitter and event, and starts a new window each time it is read', () => {
    takeListenerHighWater();
    const bus = new JobBus();
    for (let i = 0; i < 5; i += 1) bus.on('output', () => undefined);
    bus.once('output', () => undefined);
    bus.prependListener('output', () => undefined);
    bus.on('end', () => undefined);
    const first = takeListenerHighWater();
    expect(first.window).toEqual({ count: 7, emitter: 'JobBus', event: 'output' });
    expect(first.ever.count).toBeGreaterThanOrEqual(7);

    const other = new EventEmitter();
    other.addListener('x', () => undefined);
    const second = takeListenerHighWater();
    expect(second.window).toEqual({ count: 1, emitter: 'EventEmitter', event: 'x' });
    expect(second.ever.count).toBeGreaterThanOrEqual(7);
    // Adding still works as before: the listeners are there and fire.
    let fired = 0;
    other.on('x', () => (fired += 1));
    other.emit('x');
    expect(fired).toBe(1);
    expect(other.listenerCount('x')).toBe(2);
  });
});

describe('active resources', () => {
  it('groups process.getActiveResourcesInfo() by type', () => {
    expect(countResources(['Timeout', 'TCPSocketWrap', 'Timeout', 'PipeWrap', 'Timeout'])).toEqual({ Timeout: 3, TCPSocketWrap: 1, PipeWrap: 1 });
    expect(countResources([])).toEqual({});
  });
});
