// The loaded models: one inference process per model, reused while jobs keep coming (a warm
// session costs nothing to start), exited after an idle period or on demand, and at most
// `maxLoaded` at once (the least recently used idle one makes room). Killing the process is how
// memory is given back: onnxruntime's allocator keeps freed memory for itself.
import type { Logger } from '../../log/logger';
import type { HostRunResult, HostState, RunRequest } from './model-host';

/** What the pool needs of a host (ModelHost; a fake in unit tests). */
export interface Host {
  readonly state: HostState;
  readonly load: number;
  readonly pid: number | undefined;
  lastUsed: number;
  run(request: RunRequest, signal: AbortSignal, onStart?: () => void): Promise<HostRunResult>;
  retire(): void;
  stop(reason?: string): Promise<void>;
}

export interface ModelHostsOptions {
  /** Starts a host for the model; `onGone` must be called when its process has exited. */
  create(modelPath: string, onGone: (host: Host) => void): Host;
  idleUnloadMs: number;
  maxLoaded: number;
  log: Logger;
}

interface Entry {
  key: string;
  host: Host;
  idleTimer?: NodeJS.Timeout;
}

/** A job handed back by a process that went away is tried on a fresh one this many times. */
const MAX_ATTEMPTS = 3;

export interface LoadedModel {
  key: string;
  pid: number | undefined;
  state: HostState['kind'];
  jobs: number;
}

export class ModelHosts {
  private readonly entries = new Map<string, Entry>();
  /** unloadAll() waiting for busy processes to finish and exit. */
  private readonly goneWaiters = new Map<Host, Array<() => void>>();
  private closed = false;

  constructor(private readonly opts: ModelHostsOptions) {}

  /** Runs a job on the model's process, starting one if there is none; `onStart` as Host.run. */
  async run(key: string, modelPath: string, request: RunRequest, signal: AbortSignal, onStart?: () => void): Promise<HostRunResult> {
    let last = '';
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      if (this.closed) return { kind: 'failed', error: 'ONNX runtime is shutting down' };
      const entry = this.entryFor(key, modelPath);
      clearTimeout(entry.idleTimer);
      const result = await entry.host.run(request, signal, onStart);
      this.armIdle(entry);
      if (result.kind !== 'retry') return result;
      last = result.reason;
      this.opts.log.info('onnx job goes to a fresh inference process', { reason: result.reason });
    }
    return { kind: 'failed', error: `ONNX error: the inference process went away ${MAX_ATTEMPTS} times before this job could run (${last})` };
  }

  /** Unloads every model: idle processes exit now, busy ones once their jobs are done. */
  async unloadAll(): Promise<void> {
    const stopping = [...this.entries.values()].map((e) => {
      clearTimeout(e.idleTimer);
      this.entries.delete(e.key);
      if (e.host.load === 0) return e.host.stop('unloaded');
      e.host.retire();
      return this.whenGone(e.host);
    });
    await Promise.all(stopping);
  }

  /** Kills every process now (the Island is stopping). */
  async close(): Promise<void> {
    this.closed = true;
    const all = [...this.entries.values()];
    this.entries.clear();
    await Promise.all(all.map((e) => (clearTimeout(e.idleTimer), e.host.stop('the Island is stopping'))));
  }

  loaded(): LoadedModel[] {
    return [...this.entries.values()].map((e) => ({ key: e.key, pid: e.host.pid, state: e.host.state.kind, jobs: e.host.load }));
  }

  private entryFor(key: string, modelPath: string): Entry {
    const existing = this.entries.get(key);
    if (existing && existing.host.state.kind !== 'gone') return existing;
    this.makeRoom();
    const entry: Entry = { key, host: this.opts.create(modelPath, (host) => this.onGone(host)) };
    this.entries.set(key, entry);
    return entry;
  }

  private makeRoom(): void {
    while (this.entries.size >= this.opts.maxLoaded) {
      const idle = [...this.entries.values()].filter((e) => e.host.load === 0).sort((a, b) => a.host.lastUsed - b.host.lastUsed)[0];
      // Every loaded model is busy: go over the limit for now rather than fail or wait.
      if (!idle) return;
      this.opts.log.info('onnx model unloaded to make room', { key: idle.key, max_loaded: this.opts.maxLoaded });
      clearTimeout(idle.idleTimer);
      this.entries.delete(idle.key);
      void idle.host.stop('unloaded to make room for another model');
    }
  }

  private armIdle(entry: Entry): void {
    if (entry.host.load > 0 || this.entries.get(entry.key) !== entry) return;
    clearTimeout(entry.idleTimer);
    entry.idleTimer = setTimeout(() => {
      if (entry.host.load > 0 || this.entries.get(entry.key) !== entry) return;
      this.entries.delete(entry.key);
      this.opts.log.info('onnx model unloaded after being idle', { key: entry.key, idle_ms: this.opts.idleUnloadMs });
      void entry.host.stop('idle');
    }, this.opts.idleUnloadMs);
    entry.idleTimer.unref();
  }

  private onGone(host: Host): void {
    for (const e of this.entries.values()) {
      if (e.host !== host) continue;
      clearTimeout(e.idleTimer);
      this.entries.delete(e.key);
    }
    for (const resolve of this.goneWaiters.get(host) ?? []) resolve();
    this.goneWaiters.delete(host);
  }

  private whenGone(host: Host): Promise<void> {
    if (host.state.kind === 'gone') return Promise.resolve();
    return new Promise((resolve) => this.goneWaiters.set(host, [...(this.goneWaiters.get(host) ?? []), resolve]));
  }
}
