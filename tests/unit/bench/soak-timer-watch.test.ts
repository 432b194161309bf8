// Pending timers, ref'd or not, read from Node's own timer lists: in a child run with
// --expose-internals (as the soak runs the Island), and null where the flag is missing.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { pendingTimers } from '../../../bench/lib/soak-timer-watch';

const ROOT = path.join(import.meta.dirname, '..', '..', '..');

describe('pending timers', () => {
  it("counts unref'd timers too, by duration, and forgets cleared ones", () => {
    const script = `
      import { pendingTimers } from './bench/lib/soak-timer-watch.ts';
      const before = pendingTimers();
      for (let i = 0; i < 3; i += 1) setTimeout(() => {}, 1_800_000).unref();
      const kept = setInterval(() => {}, 45_000);
      kept.unref();
      clearTimeout(setTimeout(() => {}, 77_000));
      console.log(JSON.stringify({ before, after: pendingTimers(), ref: process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length }));
      process.exit(0);`;
    const r = spawnSync(process.execPath, ['--expose-internals', '--import', 'tsx', '--input-type=module', '-e', script], { cwd: ROOT, encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    const { before, after, ref } = JSON.parse(r.stdout.trim().split('\n').at(-1)!);
    expect(after.total - before.total).toBe(4);
    expect(after.byDurationMs).toMatchObject({ '1800000': 3, '45000': 1 });
    expect(after.byDurationMs['77000']).toBeUndefined();
    // What getActiveResourcesInfo would have shown: none of them.
    expect(ref).toBe(0);
  });

  it('is null without --expose-internals', () => {
    expect(pendingTimers()).toBeNull();
  });
});
