// Keeping models loaded: warm reuse, one load for jobs that arrive together, the idle unload,
// making room for a new model, unloading on demand, a crash, and the leases on the model files.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ModelLease } from '../../../src-main/agent/models/model-store';
import type { LoadSpec } from '../../../src-main/agent/runtimes/gguf/model-process';
import { ModelPool, type GgufEvent, type PoolStart, type PooledProcess } from '../../../src-main/agent/runtimes/gguf/model-pool';
import { createTestLogger } from '../../helpers/test-logger';

class FakeProcess implements PooledProcess {
  alive = true;
  readonly unloads: string[] = [];
  private listeners: ((why: string, expected: boolean) => void)[] = [];
  readonly info = { loadMs: 1, threads: 1, gpu: false as const, gpuLayers: 0, contextSize: 64, sequences: 1, chatFormat: 'chatml', llamaCpp: 'test' };

  constructor(
    readonly pid: number,
    readonly spec: LoadSpec,
  ) {}

  onEnd(listener: (why: string, expected: boolean) => void): void {
    this.listeners.push(listener);
  }

  async unload(reason: string): Promise<void> {
    this.unloads.push(reason);
    this.end('unloaded', true);
  }

  end(why: string, expected: boolean): void {
    if (!this.alive) return;
    this.alive = false;
    for (const l of this.listeners) l(why, expected);
  }
}

/** Leases that count how many are held. */
class Leases {
  live = 0;
  take(path: string): ModelLease {
    this.live += 1;
    let released = false;
    return {
      path,
      key: path,
      sizeBytes: 1,
      release: () => {
        if (released) return;
        released = true;
        this.live -= 1;
      },
    };
  }
}

let pids = 100;
let leases: Leases;
let started: FakeProcess[];
let events: GgufEvent[];
let gate: Promise<void> | null;

function pool(opts: { idleUnloadMs?: number; maxLoadedModels?: number; fail?: (spec: LoadSpec) => string | null } = {}): ModelPool<FakeProcess> {
  return new ModelPool<FakeProcess>({
    idleUnloadMs: opts.idleUnloadMs ?? 60_000,
    maxLoadedModels: opts.maxLoadedModels ?? 1,
    spec: { sequences: 1, threads: 1, gpu: false },
    log: createTestLogger(),
    onEvent: (e) => events.push(e),
    start: async (spec): Promise<PoolStart<FakeProcess>> => {
      if (gate) await gate;
      const error = opts.fail?.(spec);
      if (error) return { ok: false, failure: { kind: 'model', message: error } };
      const p = new FakeProcess(pids++, spec);
      started.push(p);
      return { ok: true, process: p };
    },
  });
}

async function use(p: ModelPool<FakeProcess>, file: string, contextSize = 2048) {
  const r = await p.use(leases.take(file), contextSize);
  if (!r.ok) throw new Error(r.failure.message);
  return r.handle;
}

beforeEach(() => {
  leases = new Leases();
  started = [];
  events = [];
  gate = null;
});
afterEach(() => vi.useRealTimers());

describe('ModelPool', () => {
  it('loads a model once and hands the same process to the next job, keeping one lease on the file', async () => {
    const p = pool();
    const a = await use(p, '/m/a.gguf');
    a.release();
    const b = await use(p, '/m/a.gguf');
    expect(b.process).toBe(a.process);
    expect(p.loads).toBe(1);
    expect(leases.live).toBe(1);
    expect(started[0]!.spec).toEqual({ modelPath: '/m/a.gguf', contextSize: 2048, sequences: 1, threads: 1, gpu: false });
    b.release();
  });

  it('loads once for jobs that ask for the same model while it is loading', async () => {
    const p = pool();
    let open!: () => void;
    gate = new Promise((r) => (open = r));
    const both = Promise.all([use(p, '/m/a.gguf'), use(p, '/m/a.gguf')]);
    open();
    const [a, b] = await both;
    expect(a.process).toBe(b.process);
    expect(p.loads).toBe(1);
    expect(p.loaded()).toMatchObject([{ modelPath: '/m/a.gguf', users: 2 }]);
  });

  it('keys by file and context size', async () => {
    const p = pool({ maxLoadedModels: 4 });
    const a = await use(p, '/m/a.gguf', 512);
    const b = await use(p, '/m/a.gguf', 1024);
    expect(b.process).not.toBe(a.process);
    expect(p.loads).toBe(2);
  });

  it('unloads a model once it has been idle for idleUnloadMs, and gives its lease back', async () => {
    vi.useFakeTimers();
    const p = pool({ idleUnloadMs: 1_000 });
    const a = await use(p, '/m/a.gguf');
    await vi.advanceTimersByTimeAsync(5_000);
    expect(started[0]!.alive).toBe(true); // in use: never idle
    a.release();
    await vi.advanceTimersByTimeAsync(999);
    expect(started[0]!.alive).toBe(true);
    await vi.advanceTimersByTimeAsync(1);
    expect(started[0]!.unloads).toEqual(['idle']);
    expect(p.loaded()).toEqual([]);
    expect(leases.live).toBe(0);
    expect(events.map((e) => e.type)).toEqual(['model-loaded', 'model-unloaded']);
    expect(events[1]).toMatchObject({ reason: 'idle' });
  });

  it('a job arriving before the idle timeout keeps the model', async () => {
    vi.useFakeTimers();
    const p = pool({ idleUnloadMs: 1_000 });
    (await use(p, '/m/a.gguf')).release();
    await vi.advanceTimersByTimeAsync(900);
    const again = await use(p, '/m/a.gguf');
    await vi.advanceTimersByTimeAsync(5_000);
    expect(started[0]!.alive).toBe(true);
    again.release();
    expect(p.loads).toBe(1);
  });

  it('unloads an idle model to make room for another, but never one in use', async () => {
    const p = pool({ maxLoadedModels: 1 });
    const a = await use(p, '/m/a.gguf');
    const b = await use(p, '/m/b.gguf');
    expect(started[0]!.alive).toBe(true); // busy: both stay (the new one fits into what is left)
    b.release();
    a.release();
    await use(p, '/m/c.gguf');
    expect(started.map((s) => [s.spec.modelPath, s.alive, s.unloads])).toEqual([
      ['/m/a.gguf', false, ['evicted']],
      ['/m/b.gguf', false, ['evicted']],
      ['/m/c.gguf', true, []],
    ]);
  });

  it('unloadAll unloads everything now, busy or not', async () => {
    const p = pool({ maxLoadedModels: 3 });
    await use(p, '/m/a.gguf');
    (await use(p, '/m/b.gguf')).release();
    await p.unloadAll('demand');
    expect(started.map((s) => s.unloads)).toEqual([['demand'], ['demand']]);
    expect(p.loaded()).toEqual([]);
    expect(leases.live).toBe(0);
  });

  it('forgets a crashed model so that the next job loads a fresh one', async () => {
    const p = pool();
    const a = await use(p, '/m/a.gguf');
    started[0]!.end('the model crashed the inference process (signal SIGABRT) while generating', false);
    expect(events.at(-1)).toMatchObject({ type: 'model-crashed', why: expect.stringContaining('SIGABRT') });
    a.release();
    expect(leases.live).toBe(0);
    const b = await use(p, '/m/a.gguf');
    expect(b.process).not.toBe(a.process);
    expect(p.loads).toBe(2);
  });

  it('passes a load failure to every job waiting for it and keeps no lease', async () => {
    const p = pool({ fail: () => 'Invalid GGUF magic' });
    const [a, b] = await Promise.all([p.use(leases.take('/m/x.gguf'), 64), p.use(leases.take('/m/x.gguf'), 64)]);
    expect(a).toEqual({ ok: false, failure: { kind: 'model', message: 'Invalid GGUF magic' } });
    expect(b).toEqual(a);
    expect(leases.live).toBe(0);
    expect(p.loaded()).toEqual([]);
    expect(events).toMatchObject([{ type: 'model-load-failed', modelPath: '/m/x.gguf', contextSize: 64 }]);
  });
});
