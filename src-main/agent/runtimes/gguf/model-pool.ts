// The models this Island keeps loaded, one inference process each, keyed by model file and
// context size. Jobs of the same Cargo find their model warm; a model nobody used for
// `idleUnloadMs` is unloaded (its process exits, freeing RAM and VRAM); loading a new model first
// unloads idle ones beyond `maxLoadedModels`; `unloadAll` gives everything back at once. Each
// entry holds one lease on its file so that the model cache never evicts a model in use.
import type { ModelLease } from '../../models/model-store';
import type { Logger } from '../../log/logger';
import type { LoadFailure, LoadSpec } from './model-process';
import type { LoadedInfo } from './worker-protocol';

export type UnloadReason = 'idle' | 'demand' | 'evicted' | 'shutdown';

/** What the pool needs of a loaded model's process (ModelProcess; a fake in unit tests). */
export interface PooledProcess {
  readonly alive: boolean;
  readonly pid: number | null;
  readonly info: LoadedInfo;
  onEnd(listener: (why: string, expected: boolean) => void): void;
  unload(reason: string): Promise<void>;
}

export type PoolStart<P> = { ok: true; process: P } | { ok: false; failure: LoadFailure };

export type GgufEvent =
  | { type: 'model-loaded'; modelPath: string; contextSize: number; pid: number | null; info: LoadedInfo }
  | { type: 'model-load-failed'; modelPath: string; contextSize: number; failure: LoadFailure }
  | { type: 'model-unloaded'; modelPath: string; contextSize: number; pid: number | null; reason: UnloadReason }
  | { type: 'model-crashed'; modelPath: string; contextSize: number; pid: number | null; why: string };

export interface ModelPoolOptions<P extends PooledProcess> {
  idleUnloadMs: number;
  maxLoadedModels: number;
  /** Everything of the load request except the file and the context size. */
  spec: Omit<LoadSpec, 'modelPath' | 'contextSize'>;
  start(spec: LoadSpec): Promise<PoolStart<P>>;
  log: Logger;
  onEvent?: (event: GgufEvent) => void;
}

export interface LoadedModelView {
  modelPath: string;
  contextSize: number;
  pid: number | null;
  users: number;
  info: LoadedInfo;
}

/** A job's hold on a loaded model; `release` once the job is done with it. */
export interface ModelHandle<P extends PooledProcess> {
  process: P;
  release(): void;
}

interface Entry<P extends PooledProcess> {
  key: string;
  modelPath: string;
  contextSize: number;
  lease: ModelLease;
  /** Jobs holding or waiting for it. */
  users: number;
  lastUsed: number;
  idleTimer: NodeJS.Timeout | null;
  loading: Promise<PoolStart<P>>;
  process: P | null;
  unloading: UnloadReason | null;
}

export type UseResult<P extends PooledProcess> = { ok: true; handle: ModelHandle<P> } | { ok: false; failure: LoadFailure };

export class ModelPool<P extends PooledProcess> {
  private readonly entries = new Map<string, Entry<P>>();
  private loadCount = 0;

  constructor(private readonly opts: ModelPoolOptions<P>) {}

  /** How many processes this pool has started (a warm job starts none). */
  get loads(): number {
    return this.loadCount;
  }

  loaded(): LoadedModelView[] {
    const out: LoadedModelView[] = [];
    for (const e of this.entries.values()) {
      if (e.process?.alive) out.push({ modelPath: e.modelPath, contextSize: e.contextSize, pid: e.process.pid, users: e.users, info: e.process.info });
    }
    return out;
  }

  /**
   * The loaded model for this file and context size, loading it if needed. Takes the lease over:
   * an entry keeps one lease for as long as the model is loaded and releases the others.
   */
  async use(lease: ModelLease, contextSize: number): Promise<UseResult<P>> {
    const key = `${lease.path}\u0000${contextSize}`;
    let entry = this.entries.get(key);
    if (entry) lease.release();
    else entry = this.load(key, lease, contextSize);
    entry.users += 1;
    this.stopIdleTimer(entry);
    const result = await entry.loading;
    if (!result.ok || !result.process.alive || entry.unloading) {
      this.drop(entry);
      return { ok: false, failure: result.ok ? { kind: 'crashed', message: 'the model was unloaded while it was being loaded' } : result.failure };
    }
    let released = false;
    const held = entry;
    return {
      ok: true,
      handle: {
        process: result.process,
        release: () => {
          if (released) return;
          released = true;
          this.drop(held);
        },
      },
    };
  }

  /** Unloads every model now; jobs still generating on one fail with the reason. */
  async unloadAll(reason: UnloadReason = 'demand'): Promise<void> {
    await Promise.all([...this.entries.values()].map((e) => this.unload(e, reason)));
  }

  /** The entry is in the map at once, so that a second job for the same model waits for this load. */
  private load(key: string, lease: ModelLease, contextSize: number): Entry<P> {
    const evicted = this.evictIdle();
    const spec: LoadSpec = { ...this.opts.spec, modelPath: lease.path, contextSize };
    const entry: Entry<P> = {
      key,
      modelPath: lease.path,
      contextSize,
      lease,
      users: 0,
      lastUsed: Date.now(),
      idleTimer: null,
      // Idle models go first, so that their memory is free before this one is fitted into it.
      loading: evicted.then(() => this.opts.start(spec)),
      process: null,
      unloading: null,
    };
    this.loadCount += 1;
    this.entries.set(key, entry);
    void entry.loading.then((result) => this.settled(entry, result));
    return entry;
  }

  private settled(entry: Entry<P>, result: PoolStart<P>): void {
    const { modelPath, contextSize } = entry;
    if (!result.ok) {
      this.forget(entry);
      this.opts.log.warn('GGUF model failed to load', { model: modelPath, context_size: contextSize, kind: result.failure.kind, error: result.failure.message });
      this.opts.onEvent?.({ type: 'model-load-failed', modelPath, contextSize, failure: result.failure });
      return;
    }
    const process = result.process;
    entry.process = process;
    this.opts.log.info('GGUF model loaded', { model: modelPath, context_size: contextSize, pid: process.pid, ...process.info });
    this.opts.onEvent?.({ type: 'model-loaded', modelPath, contextSize, pid: process.pid, info: process.info });
    process.onEnd((why, expected) => {
      this.forget(entry);
      if (expected) {
        this.opts.onEvent?.({ type: 'model-unloaded', modelPath, contextSize, pid: process.pid, reason: entry.unloading ?? 'demand' });
      } else {
        this.opts.onEvent?.({ type: 'model-crashed', modelPath, contextSize, pid: process.pid, why });
      }
    });
    // Every job that wanted it may have gone while it loaded.
    if (entry.users === 0 && !entry.unloading) this.startIdleTimer(entry);
  }

  /** One job is done with the entry. */
  private drop(entry: Entry<P>): void {
    entry.users = Math.max(0, entry.users - 1);
    entry.lastUsed = Date.now();
    if (entry.users === 0 && entry.process?.alive && !entry.unloading) this.startIdleTimer(entry);
  }

  /** Removes the entry and gives its lease back (once). */
  private forget(entry: Entry<P>): void {
    this.stopIdleTimer(entry);
    if (this.entries.get(entry.key) === entry) this.entries.delete(entry.key);
    entry.lease.release();
  }

  private startIdleTimer(entry: Entry<P>): void {
    this.stopIdleTimer(entry);
    entry.idleTimer = setTimeout(() => void this.unload(entry, 'idle'), this.opts.idleUnloadMs);
    // An idle model must not keep a stopping Island alive.
    entry.idleTimer.unref();
  }

  private stopIdleTimer(entry: Entry<P>): void {
    if (entry.idleTimer) clearTimeout(entry.idleTimer);
    entry.idleTimer = null;
  }

  private async unload(entry: Entry<P>, reason: UnloadReason): Promise<void> {
    this.stopIdleTimer(entry);
    entry.unloading ??= reason;
    // A new job must load afresh rather than join a model on its way out.
    if (this.entries.get(entry.key) === entry) this.entries.delete(entry.key);
    const result = await entry.loading;
    if (!result.ok) return;
    this.opts.log.info('unloading GGUF model', { model: entry.modelPath, context_size: entry.contextSize, reason, pid: result.process.pid });
    await result.process.unload(reason);
  }

  /** Makes room for one more model: unloads the least recently used idle ones. */
  private async evictIdle(): Promise<void> {
    const idle = [...this.entries.values()].filter((e) => e.users === 0 && e.process !== null).sort((a, b) => a.lastUsed - b.lastUsed);
    const excess = this.entries.size + 1 - this.opts.maxLoadedModels;
    // Busy models stay: the new one is fitted into what they leave (node-llama-cpp's VRAM fitting).
    await Promise.all(idle.slice(0, Math.max(0, excess)).map((e) => this.unload(e, 'evicted')));
  }
}
