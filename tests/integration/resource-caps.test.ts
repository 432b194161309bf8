// Limits that only make sense against the machine (more memory than it has, more CPUs than it
// has) are said at start, naming the key, instead of failing jobs later.
import { describe, expect, it } from 'vitest';
import { startIsland } from '../helpers/island-fixture';

describe('resource caps checked against this machine at start', () => {
  it('warns about a memory limit above the machine and a CPU limit above its cores, naming each key', async () => {
    const fixture = await startIsland({
      natsUrl: 'nats://127.0.0.1:9',
      start: false,
      toml: '[workload.resource_limits]\nmemory_mb = 1048576000\ncpu_percent = 100000\n',
    });
    try {
      const warnings = fixture.log.filter({ level: 'warn' }).map((r) => r.msg);
      expect(warnings).toContainEqual(expect.stringMatching(/^config: workload\.resource_limits\.memory_mb: 1048576000 MiB is more than this machine's \d+ MiB$/));
      expect(warnings).toContainEqual(expect.stringMatching(/^config: workload\.resource_limits\.cpu_percent: 100000 is more than this machine's \d+ CPUs/));
    } finally {
      await fixture.cleanup();
    }
  });

  it('says nothing about limits that fit', async () => {
    const fixture = await startIsland({ natsUrl: 'nats://127.0.0.1:9', start: false, toml: '[workload.resource_limits]\nmemory_mb = 512\ncpu_percent = 50\n' });
    try {
      expect(fixture.log.filter({ level: 'warn' }).filter((r) => r.msg.startsWith('config:'))).toEqual([]);
    } finally {
      await fixture.cleanup();
    }
  });
});
