// The pool of model processes, with scripted hosts: reuse, idle unload, the loaded-model limit,
// jobs handed back by a process that went away, and unloadAll.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { HostRunResult, HostState, RunRequest } from '../../../src-main/agent/runtimes/onnx/model-host';
import { ModelHosts, type Host } from '../../../src-main/agent/runtimes/onnx/model-hosts';
import { createTestLogger } from '../../helpers/test-logger';

const request: RunRequest = { task: 'text-classification', input: { kind: 'text', text: 'x', normalize: false }, files: { tokenizer: null, tokenizerConfig: null, config: null } };

class ScriptedHost implements Host {
  state: HostState = { kind: 'loading' };
  load = 0;
  lastUsed = Date.now();
  stops: string[] = [];
  retired = false;
  /** What the next runs answer; a pending run waits for `release`. */
  answers: HostRunResult[] = [];
  private pending: Array<() => void> = [];

  constructor(
    readonly pid: number,
    private readonly onGone: (h: Host) => void,
  ) {}

  async run(): Promise<HostRunResult> {
    this.load++;
    await new Promise<void>((r) => this.pending.push(r));
    this.load--;
    this.lastUsed = Date.now();
    return this.answers.shift() ?? { kind: 'ok', output: { pid: this.pid }, runMs: 1 };
  }

  release(): void {
    this.pending.shift()?.();
  }

  retire(): void {
    this.retired = true;
  }

  async stop(reason = 'unloaded'): Promise<void> {
    this.stops.push(reason);
    this.gone();
  }

  gone(): void {
    this.state = { kind: 'gone', reason: 'x' };
    this.onGone(this);
  }
}

describe('ModelHosts', () => {
  let made: ScriptedHost[];
  let hosts: ModelHosts;
  const log = createTestLogger();

  beforeEach(() => {
    vi.useFakeTimers();
    made = [];
    hosts = new ModelHosts({
      create: (_path, onGone) => {
        const h = new ScriptedHost(100 + made.length, onGone);
        made.push(h);
        return h;
      },
      idleUnloadMs: 60_000,
      maxLoaded: 2,
      log,
    });
  });
  afterEach(() => vi.useRealTimers());

  /** Runs a job and lets its host answer. */
  async function job(key: string): Promise<HostRunResult> {
    const running = hosts.run(key, `/m/${key}`, request, new AbortController().signal);
    await vi.advanceTimersByTimeAsync(0);
    made.find((h) => h.load > 0)!.release();
    return running;
  }

  it('reuses the warm process for the same model', async () => {
    expect(await job('a')).toMatchObject({ output: { pid: 100 } });
    expect(await job('a')).toMatchObject({ output: { pid: 100 } });
    expect(made).toHaveLength(1);
  });

  it('stops a process after the idle period, and starts a new one for the next job', async () => {
    await job('a');
    await vi.advanceTimersByTimeAsync(59_000);
    expect(made[0]!.stops).toEqual([]);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(made[0]!.stops).toEqual(['idle']);
    expect(hosts.loaded()).toEqual([]);
    expect(await job('a')).toMatchObject({ output: { pid: 101 } });
  });

  it('a job in flight keeps its process from the idle stop', async () => {
    await job('a');
    const running = hosts.run('a', '/m/a', request, new AbortController().signal);
    await vi.advanceTimersByTimeAsync(120_000);
    expect(made[0]!.stops).toEqual([]);
    made[0]!.release();
    await running;
  });

  it('unloads the least recently used idle model to stay within maxLoaded', async () => {
    await job('a');
    await vi.advanceTimersByTimeAsync(10);
    await job('b');
    await vi.advanceTimersByTimeAsync(10);
    await job('c');
    expect(made.map((h) => h.stops)).toEqual([['unloaded to make room for another model'], [], []]);
    expect(hosts.loaded().map((l) => l.key).sort()).toEqual(['b', 'c']);
  });

  it('runs a job again on a fresh process when its process went away before running it', async () => {
    const running = hosts.run('a', '/m/a', request, new AbortController().signal);
    await vi.advanceTimersByTimeAsync(0);
    made[0]!.answers.push({ kind: 'retry', reason: 'the process crashed on another job' });
    made[0]!.gone();
    made[0]!.release();
    await vi.advanceTimersByTimeAsync(0);
    made[1]!.release();
    expect(await running).toMatchObject({ kind: 'ok', output: { pid: 101 } });
  });

  it('unloadAll stops idle processes now and retires busy ones', async () => {
    await job('a');
    const running = hosts.run('b', '/m/b', request, new AbortController().signal);
    await vi.advanceTimersByTimeAsync(0);
    const unloading = hosts.unloadAll();
    expect(made[0]!.stops).toEqual(['unloaded']);
    expect(made[1]!.retired).toBe(true);
    made[1]!.release();
    await running;
    made[1]!.gone();
    await unloading;
    expect(hosts.loaded()).toEqual([]);
  });

  it('refuses jobs once closed', async () => {
    await hosts.close();
    expect(await hosts.run('a', '/m/a', request, new AbortController().signal)).toEqual({ kind: 'failed', error: 'ONNX runtime is shutting down' });
  });
});
