import { describe, expect, it } from 'vitest';
import { JobEngine, type JobEvent } from '../../../src-main/agent/jobs/job-engine';
import { RuntimeRegistry } from '../../../src-main/agent/jobs/runtime-registry';
import { encodeAssignJob } from '../../../src-shared/protocol/encode';
import { FakeRuntime, sleep } from '../../helpers/fake-runtime';
import { RecordingReporter } from '../../helpers/recording-reporter';
import { createTestLogger } from '../../helpers/test-logger';

const enc = new TextEncoder();

function job(id: string, input: unknown, extra: Record<string, unknown> = {}): Uint8Array {
  return enc.encode(encodeAssignJob({ job_id: id, input, lease_expires: 0, runtime_type: 'wasm', ...extra }));
}

function setup(
  opts: {
    maxConcurrent?: number;
    runtimes?: FakeRuntime[];
    leaseIntervalMs?: number;
    abortGraceMs?: number;
    maxQueued?: number;
    maxQueueWaitMs?: number;
    prepareTimeoutSeconds?: number;
  } = {},
) {
  const reporter = new RecordingReporter();
  const runtimes = opts.runtimes ?? [new FakeRuntime('wasm', 1)];
  const events: JobEvent[] = [];
  const log = createTestLogger();
  const engine = new JobEngine({
    maxConcurrent: opts.maxConcurrent ?? 2,
    registry: new RuntimeRegistry(runtimes),
    reporter,
    log,
    settings: {
      leaseIntervalMs: opts.leaseIntervalMs ?? 60_000,
      abortGraceMs: opts.abortGraceMs ?? 1_000,
      ...(opts.prepareTimeoutSeconds === undefined ? {} : { prepareTimeoutSeconds: opts.prepareTimeoutSeconds }),
    },
    ...(opts.maxQueued === undefined ? {} : { maxQueued: opts.maxQueued }),
    ...(opts.maxQueueWaitMs === undefined ? {} : { maxQueueWaitMs: opts.maxQueueWaitMs }),
    onEvent: (e) => events.push(e),
  });
  return { engine, reporter, runtimes, events, log };
}

describe('JobEngine: the lifecycle on the wire', () => {
  it('reports started, the tokens from seq 1, the final chunk at last+1, then succeeded', async () => {
    const { engine, reporter } = setup();
    engine.enqueue(job('j1', { tokens: ['Hel', 'lo'] }));
    expect(await reporter.terminal('j1')).toBe('succeeded');
    expect(reporter.statesOf('j1')).toEqual(['started', 'succeeded']);
    expect(reporter.outputsOf('j1')).toEqual([
      { job_id: 'j1', seq: 1, chunk: 'Hel', is_final: false },
      { job_id: 'j1', seq: 2, chunk: 'lo', is_final: false },
      { job_id: 'j1', seq: 3, chunk: '', is_final: true },
    ]);
    // The final chunk goes out before the terminal status.
    const kinds = reporter.messages.map((m) => m.kind);
    expect(kinds.lastIndexOf('output')).toBeLessThan(kinds.lastIndexOf('status'));
  });

  it('starts seq at 0 for a runtime whose base is 0 (native runtimes)', async () => {
    const { engine, reporter } = setup({ runtimes: [new FakeRuntime('llmcpp', 0)] });
    engine.enqueue(job('g1', { tokens: ['a', 'b'], final: '{"type":"done"}' }, { runtime_type: 'llmcpp' }));
    await reporter.terminal('g1');
    expect(reporter.outputsOf('g1').map((o) => [o.seq, o.is_final])).toEqual([[0, false], [1, false], [2, true]]);
  });

  it('sends streaming once however often a runtime asks', async () => {
    const rt = new FakeRuntime();
    const { engine, reporter } = setup({ runtimes: [rt] });
    engine.enqueue(job('s1', { streaming: true, tokens: ['x'] }));
    await reporter.terminal('s1');
    expect(reporter.statesOf('s1')).toEqual(['started', 'streaming', 'succeeded']);
  });

  it('reports a runtime failure and a thrown error as failed with the reason', async () => {
    const { engine, reporter } = setup();
    engine.enqueue(job('f1', { fail: 'Exit code: 3' }));
    engine.enqueue(job('f2', { throw: 'boom in runtime' }));
    expect(await reporter.terminal('f1')).toBe('failed: Exit code: 3');
    expect(await reporter.terminal('f2')).toBe('failed: boom in runtime');
  });
});

describe('JobEngine: bad and unroutable assignments', () => {
  it('answers a malformed assignment with a readable job_id with started then failed, naming the field', async () => {
    const { engine, reporter, events } = setup();
    engine.enqueue(enc.encode('{"job_id":"bad1","input":{},"lease_expires":"soon"}'));
    const states = reporter.statesOf('bad1');
    expect(states[0]).toBe('started');
    expect(states[1]).toMatch(/^failed: Malformed job assignment: .*lease_expires/);
    expect(events.some((e) => e.type === 'rejected' && e.jobId === 'bad1')).toBe(true);
  });

  it('logs and drops an assignment with no readable job_id, publishing nothing', () => {
    const { engine, reporter, log, events } = setup();
    engine.enqueue(enc.encode('not valid json'));
    expect(reporter.messages).toEqual([]);
    expect(events).toEqual([expect.objectContaining({ type: 'rejected', jobId: null })]);
    expect(log.records.some((r) => r.level === 'error' && r.msg.includes('malformed'))).toBe(true);
  });

  it('fails an unknown runtime_type instead of falling through to containers', async () => {
    const { engine, reporter } = setup();
    engine.enqueue(job('u1', {}, { runtime_type: 'quantum' }));
    expect(await reporter.terminal('u1')).toMatch(/^failed: Unknown runtime_type "quantum"/);
  });

  it('fails a known runtime that is not built, and one that is unavailable, with the reason', async () => {
    const wasm = new FakeRuntime('wasm');
    const { engine, reporter } = setup({ runtimes: [wasm] });
    engine.enqueue(job('n1', {}, { runtime_type: 'container' }));
    expect(await reporter.terminal('n1')).toMatch(/^failed: Runtime "container" is not built into this Island; it runs wasm/);
    wasm.availabilityNow = { available: false, reason: 'module cache is read-only' };
    engine.enqueue(job('n2', {}));
    expect(await reporter.terminal('n2')).toBe('failed: Runtime "wasm" is not available on this Island: module cache is read-only');
  });

  it('runs a job delivered twice only once', async () => {
    const rt = new FakeRuntime();
    const { engine, reporter, log } = setup({ runtimes: [rt] });
    engine.enqueue(job('d1', { tokens: ['a'], delayMs: 20 }));
    engine.enqueue(job('d1', { tokens: ['a'], delayMs: 20 }));
    await reporter.terminal('d1');
    engine.enqueue(job('d1', { tokens: ['a'] }));
    await sleep(30);
    expect(rt.runs).toEqual(['d1']);
    expect(reporter.statesOf('d1')).toEqual(['started', 'succeeded']);
    expect(log.records.filter((r) => r.msg.includes('second delivery'))).toHaveLength(2);
  });
});

describe('JobEngine: cancel, timeout, leases', () => {
  it('cancels a running job: the runtime is aborted and the job ends cancelled, with no final chunk', async () => {
    const rt = new FakeRuntime();
    const { engine, reporter } = setup({ runtimes: [rt] });
    engine.enqueue(job('c1', { tokens: ['a', 'b', 'c', 'd'], delayMs: 30 }));
    await sleep(45);
    expect(engine.cancel('c1')).toBe('running');
    expect(await reporter.terminal('c1')).toBe('cancelled');
    expect(rt.aborted).toEqual(['c1']);
    expect(reporter.outputsOf('c1').some((o) => o.is_final)).toBe(false);
  });

  it('remembers a cancel that arrives before its job and cancels the job when it comes', async () => {
    const rt = new FakeRuntime();
    const { engine, reporter } = setup({ runtimes: [rt] });
    expect(engine.cancel('early')).toBe('later');
    engine.enqueue(job('early', { tokens: ['a'] }));
    expect(await reporter.terminal('early')).toBe('cancelled');
    expect(rt.runs).toEqual([]);
  });

  it('fails a job that runs past its runtime timeout, naming the real limit', async () => {
    const rt = new FakeRuntime('wasm', 1, 0.05);
    const { engine, reporter } = setup({ runtimes: [rt] });
    engine.enqueue(job('t1', { hang: true }));
    expect(await reporter.terminal('t1')).toBe('failed: Timeout: job exceeded 0.05s limit');
  });

  it('starts the run timeout only once the runtime has prepared (a slow image pull does not use it up)', async () => {
    const rt = new FakeRuntime('container', 1, 0.1, true);
    const { engine, reporter } = setup({ runtimes: [rt] });
    engine.enqueue(job('p1', { prepareMs: 250, tokens: ['ran'] }, { runtime_type: 'container' }));
    expect(await reporter.terminal('p1')).toBe('succeeded');
    expect(reporter.outputsOf('p1')[0]!.chunk).toBe('ran');
  });

  it('gives preparation its own limit, and says which one ran out', async () => {
    const rt = new FakeRuntime('container', 1, 60, true);
    const { engine, reporter } = setup({ runtimes: [rt], prepareTimeoutSeconds: 0.1 });
    engine.enqueue(job('p2', { prepareMs: 5_000 }, { runtime_type: 'container' }));
    expect(await reporter.terminal('p2')).toBe('failed: Timeout: preparing the Cargo (image or module) took longer than 0.1s');
  });

  it('renews the lease on the interval while any runtime runs, and stops when it ends', async () => {
    const { engine, reporter } = setup({ runtimes: [new FakeRuntime('llmcpp', 0)], leaseIntervalMs: 20 });
    engine.enqueue(job('l1', { tokens: ['a', 'b', 'c', 'd', 'e'], delayMs: 20 }, { runtime_type: 'llmcpp' }));
    await reporter.terminal('l1');
    const leases = reporter.messages.filter((m) => m.kind === 'lease');
    expect(leases.length).toBeGreaterThanOrEqual(3);
    expect(leases.every((m) => m.kind === 'lease' && m.job_id === 'l1' && m.extend_seconds === 60)).toBe(true);
    const count = leases.length;
    await sleep(60);
    expect(reporter.messages.filter((m) => m.kind === 'lease')).toHaveLength(count);
  });

  it('reports a job whose runtime ignores its abort once the grace period is over', async () => {
    const rt = new FakeRuntime();
    const { engine, reporter, log } = setup({ runtimes: [rt], abortGraceMs: 30 });
    engine.enqueue(job('z1', { hang: true, ignoreAbort: true }));
    await sleep(10);
    engine.cancel('z1');
    expect(await reporter.terminal('z1')).toBe('cancelled');
    expect(log.records.some((r) => r.level === 'error' && r.msg.includes('did not stop'))).toBe(true);
  });
});

describe('JobEngine: admission and drain', () => {
  it('runs at most maxConcurrent jobs; pushed jobs wait for a slot', async () => {
    const { engine, reporter } = setup({ maxConcurrent: 2 });
    for (const id of ['a1', 'a2', 'a3']) engine.enqueue(job(id, { tokens: ['x'], delayMs: 40 }));
    await sleep(15);
    expect(engine.activeCount).toBe(2);
    expect(engine.queuedCount).toBe(1);
    expect(reporter.statesOf('a3')).toEqual([]);
    expect(await reporter.terminal('a3')).toBe('succeeded');
    expect(engine.slots.inUse).toBe(0);
  });

  it('refuses pushed jobs beyond the queue so the coordinator can place them elsewhere', async () => {
    const { engine, reporter } = setup({ maxConcurrent: 1, maxQueued: 1 });
    for (const id of ['q1', 'q2', 'q3']) engine.enqueue(job(id, { tokens: ['x'], delayMs: 30 }));
    expect(reporter.statesOf('q3')).toEqual(['started', 'failed: Island is at capacity (1 running, 1 waiting)']);
    expect(await reporter.terminal('q2')).toBe('succeeded');
  });

  it('refuses a pushed job that waited too long for a slot, instead of starting it after its lease is gone', async () => {
    const { engine, reporter } = setup({ maxConcurrent: 1, maxQueueWaitMs: 80 });
    engine.enqueue(job('busy', { hang: true }));
    engine.enqueue(job('waits', { tokens: ['x'] }));
    expect(await reporter.terminal('waits')).toBe('failed: Island is at capacity: no job slot came free within 0.08 s');
    engine.cancel('busy');
    await reporter.terminal('busy');
  });

  it('starts a waiting pushed job as soon as any slot frees, not only when a job of its own ends', async () => {
    const { engine, reporter } = setup({ maxConcurrent: 1 });
    const held = engine.slots.tryAcquire()!; // e.g. the JetStream puller holding a slot for its pull
    engine.enqueue(job('queued', { tokens: ['x'] }));
    expect(engine.queuedCount).toBe(1);
    held(); // its pull found nothing and gave the slot back
    expect(await reporter.terminal('queued')).toBe('succeeded');
  });

  it('drains: waits for running jobs within the timeout and refuses new ones', async () => {
    const { engine, reporter } = setup();
    engine.enqueue(job('r1', { tokens: ['x', 'y'], delayMs: 20 }));
    const report = await engine.drain(2_000);
    expect(report).toEqual({ finished: 1, aborted: [] });
    expect(await reporter.terminal('r1')).toBe('succeeded');
    engine.enqueue(job('late', {}));
    expect(reporter.statesOf('late')).toEqual(['started', 'failed: Island is shutting down']);
  });

  it('drain past its timeout aborts what still runs and reports it failed', async () => {
    const { engine, reporter } = setup();
    engine.enqueue(job('h1', { hang: true }));
    const report = await engine.drain(50);
    expect(report.aborted).toEqual(['h1']);
    expect(await reporter.terminal('h1')).toBe('failed: Island shut down before the job finished');
  });
});
