// Containers whose removal failed while Docker was away are retried in the background until the
// engine answers and they are gone, and not after the runtime closed.
import { describe, expect, it } from 'vitest';
import { LeftBehind } from '../../../../src-main/agent/runtimes/container/orphans';
import { createTestLogger } from '../../../helpers/test-logger';
import { waitUntil } from '../../../helpers/wait-until';
import { FakeDocker } from './fake-docker';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('LeftBehind', () => {
  it('keeps retrying a removal with backoff until the engine answers, then stops', async () => {
    const engine = new FakeDocker();
    const c = await engine.createContainer();
    engine.up = false;
    const log = createTestLogger();
    const left = new LeftBehind({ initialMs: 10, maxMs: 20 });
    left.add(c.id);
    left.retryLater(engine.asDocker(), log);
    await waitUntil(() => log.filter({ level: 'warn', msg: /still cannot remove container fake1: connect ENOENT/ }).length >= 2, 'two failed retries', 2_000);
    expect(left.size).toBe(1);
    engine.up = true;
    await waitUntil(() => c.removed, 'the removal', 2_000);
    expect(left.size).toBe(0);
    expect(log.has({ level: 'info', msg: 'removed a job container whose removal had failed', fields: { container: 'fake1' } })).toBe(true);
    const attempts = log.records.length;
    await sleep(60);
    expect(log.records.length).toBe(attempts);
  });

  it('stop() ends the background retries', async () => {
    const engine = new FakeDocker();
    const c = await engine.createContainer();
    engine.up = false;
    const log = createTestLogger();
    const left = new LeftBehind({ initialMs: 10, maxMs: 10 });
    left.add(c.id);
    left.retryLater(engine.asDocker(), log);
    left.stop();
    engine.up = true;
    await sleep(60);
    expect(c.removed).toBe(false);
    expect(left.size).toBe(1);
  });
});
