// The desktop reports the OS idle time to the agent every 10 s while it runs, and stops when told.
import { describe, expect, it } from 'vitest';
import type { MainToAgent } from '../../../src-main/agent/utility/port-messages';
import { IdleReporter } from '../../../src-main/desktop/system/idle-reporter';
import { manualTimers } from './fakes/manual-timers';

describe('IdleReporter', () => {
  it("sends the idle seconds at once and then every 10 s, until stopped", async () => {
    const timers = manualTimers();
    const sent: MainToAgent[] = [];
    let idle = 5;
    const reporter = new IdleReporter({ idleSeconds: () => idle, send: (m) => (sent.push(m), true), timers });
    reporter.start();
    expect(sent).toEqual([{ type: 'idle', seconds: 5 }]);
    idle = 15;
    await timers.advance(10_000);
    expect(sent.at(-1)).toEqual({ type: 'idle', seconds: 15 });
    reporter.stop();
    await timers.advance(60_000);
    expect(sent).toHaveLength(2);
  });
});
