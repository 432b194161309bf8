// One model's inference process: started with child_process.fork, told to load the model, then
// given jobs one at a time. A job that crashes the process fails alone; jobs queued behind it
// are handed back to be run by a fresh process. A cancelled job is answered at once; if it is
// still computing after a grace period, its process is killed so the CPU is freed.
import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import type { ExecutionProvider } from '../../../../src-shared/domain/onnx/providers';
import type { Logger } from '../../log/logger';
import { inferenceChildEnv } from '../../../../src-shared/domain/inference-child-env';
import type { WorkerEntry } from './worker-file';
import { decodeChildMessage, type ChildMessage, type LoadedMessage, type RunMessage } from './worker-protocol';

export type RunRequest = Omit<RunMessage, 'type' | 'id'>;

export type HostRunResult =
  | { kind: 'ok'; output: Record<string, unknown>; runMs: number }
  | { kind: 'failed'; error: string }
  | { kind: 'aborted' }
  /** The job never ran: its process went away for another job's sake; run it elsewhere. */
  | { kind: 'retry'; reason: string };

export type HostState = { kind: 'loading' } | { kind: 'ready'; info: LoadedMessage } | { kind: 'gone'; reason: string };

export interface ModelHostOptions {
  entry: WorkerEntry;
  modelPath: string;
  providers: ExecutionProvider[];
  threads: number;
  loadTimeoutMs: number;
  cancelGraceMs: number;
  log: Logger;
  /** Added to the child's filtered environment (the offered GPUs). */
  env?: Record<string, string>;
  /** onnxruntime-node itself cannot run here (not this model's fault). */
  onRuntimeUnavailable?(reason: string): void;
  /** The process has exited; called once. */
  onGone?(host: ModelHost): void;
}

interface Pending {
  id: number;
  request: RunRequest;
  signal: AbortSignal;
  onStart: (() => void) | undefined;
  cancelled: boolean;
  finish(result: HostRunResult): void;
}

const TAIL_BYTES = 2048;

export class ModelHost {
  readonly modelName: string;
  private readonly child: ChildProcess;
  private stateNow: HostState = { kind: 'loading' };
  private readonly waiting: Pending[] = [];
  private current: Pending | null = null;
  private nextId = 1;
  private outputTail = '';
  /** Why we killed it, when we did; an exit without one is a crash. */
  private killedFor: string | null = null;
  private retiring = false;
  private loadTimer: NodeJS.Timeout | undefined;
  private graceTimer: NodeJS.Timeout | undefined;
  private readonly exited: Promise<void>;
  lastUsed = Date.now();

  constructor(private readonly opts: ModelHostOptions) {
    this.modelName = path.basename(opts.modelPath);
    this.child = fork(opts.entry.file, [], {
      execArgv: opts.entry.execArgv,
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
      serialization: 'json',
      env: { ...inferenceChildEnv(process.env, process.versions.electron !== undefined), ...opts.env },
    });
    this.exited = new Promise((resolve) => {
      this.child.once('exit', () => resolve());
      this.child.once('error', () => this.child.pid === undefined && resolve());
    });
    this.child.on('message', (raw) => this.onMessage(raw));
    this.child.on('exit', (code, signal) => this.onExit(signal ? `signal ${signal}` : `exit code ${code}`));
    this.child.on('error', (err) => {
      this.opts.log.warn('onnx inference process error', { model: this.modelName, error: err.message });
      // A process that never started sends no 'exit': its jobs must not wait for one.
      if (this.child.pid === undefined) this.onExit(`it could not be started: ${err.message}`);
    });
    for (const stream of [this.child.stdout, this.child.stderr]) {
      stream?.setEncoding('utf8');
      stream?.on('data', (chunk: string) => this.onOutput(chunk));
    }
    this.loadTimer = setTimeout(() => this.kill(`loading ${this.modelName} took longer than ${Math.round(opts.loadTimeoutMs / 1000)}s`), opts.loadTimeoutMs);
    this.child.send({ type: 'load', modelPath: opts.modelPath, providers: opts.providers, threads: opts.threads });
    this.idle();
  }

  get state(): HostState {
    return this.stateNow;
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  /** Jobs running or waiting here. */
  get load(): number {
    return this.waiting.length + (this.current ? 1 : 0);
  }

  /** `onStart` is called when the job leaves the queue for the model (loaded by then). */
  run(request: RunRequest, signal: AbortSignal, onStart?: () => void): Promise<HostRunResult> {
    if (this.stateNow.kind === 'gone' || this.retiring) return Promise.resolve({ kind: 'retry', reason: 'the model was unloaded' });
    if (signal.aborted) return Promise.resolve({ kind: 'aborted' });
    return new Promise((resolve) => {
      const onAbort = () => this.abort(p);
      const p: Pending = {
        id: this.nextId++,
        request,
        signal,
        onStart,
        cancelled: false,
        finish: (result) => {
          signal.removeEventListener('abort', onAbort);
          resolve(result);
        },
      };
      signal.addEventListener('abort', onAbort, { once: true });
      this.waiting.push(p);
      this.child.channel?.ref();
      this.pump();
    });
  }

  /** Takes no new jobs and exits once those it has are done. */
  retire(): void {
    this.retiring = true;
    if (this.load === 0) this.kill('unloaded');
  }

  /** Kills the process now; waiting jobs are handed back for another process. */
  async stop(reason = 'unloaded'): Promise<void> {
    // Held until the exit is seen: an unreferenced child would let the event loop end first.
    this.child.ref();
    this.kill(reason);
    await this.exited;
  }

  private abort(p: Pending): void {
    if (this.current !== p) {
      const at = this.waiting.indexOf(p);
      if (at >= 0) this.waiting.splice(at, 1);
      p.finish({ kind: 'aborted' });
      if (this.load === 0) this.idle();
      return;
    }
    // onnxruntime cannot interrupt a run: answer now, and kill the process if it keeps computing.
    p.cancelled = true;
    p.finish({ kind: 'aborted' });
    this.graceTimer = setTimeout(() => this.kill(`a cancelled job was still running after ${this.opts.cancelGraceMs} ms`), this.opts.cancelGraceMs);
  }

  private pump(): void {
    if (this.current || this.stateNow.kind !== 'ready') return;
    const p = this.waiting.shift();
    if (!p) {
      if (this.retiring) this.kill('unloaded');
      else this.idle();
      return;
    }
    this.current = p;
    this.lastUsed = Date.now();
    p.onStart?.();
    this.child.send({ type: 'run', id: p.id, ...p.request });
  }

  private onMessage(raw: unknown): void {
    const decoded = decodeChildMessage(raw);
    if (!decoded.ok) {
      // A process that breaks the protocol cannot be trusted with the next job either.
      this.opts.log.warn('onnx inference process broke the protocol', { model: this.modelName, error: decoded.error });
      this.current?.finish({ kind: 'failed', error: `ONNX error: ${decoded.error}` });
      this.current = null;
      this.kill('it broke the protocol');
      return;
    }
    this.handle(decoded.message);
  }

  private handle(m: ChildMessage): void {
    switch (m.type) {
      case 'log':
        this.opts.log[m.level](m.message, { model: this.modelName, ...(m.fields ?? {}) });
        return;
      case 'loaded':
        clearTimeout(this.loadTimer);
        this.stateNow = { kind: 'ready', info: m };
        this.opts.log.info('onnx model loaded', { model: this.modelName, pid: this.pid, provider: m.provider, load_ms: Math.round(m.loadMs), ort: m.ortVersion });
        if (m.fallback) this.opts.log.warn('onnx execution provider fell back', { model: this.modelName, reason: m.fallback });
        this.pump();
        return;
      case 'load-failed':
        clearTimeout(this.loadTimer);
        if (m.reason === 'runtime') this.opts.onRuntimeUnavailable?.(m.error);
        this.failAll(m.error);
        this.kill(m.error);
        return;
      case 'result':
      case 'failed':
        this.settleCurrent(m);
        return;
    }
  }

  private settleCurrent(m: Extract<ChildMessage, { type: 'result' | 'failed' }>): void {
    const p = this.current;
    if (!p || p.id !== m.id) {
      this.opts.log.debug('onnx result for a job no longer waiting, dropped', { model: this.modelName, id: m.id });
      return;
    }
    clearTimeout(this.graceTimer);
    this.current = null;
    this.lastUsed = Date.now();
    if (!p.cancelled) p.finish(m.type === 'result' ? { kind: 'ok', output: m.output, runMs: m.runMs } : { kind: 'failed', error: `ONNX error: ${m.error}` });
    this.pump();
  }

  private failAll(error: string): void {
    for (const p of this.waiting.splice(0)) p.finish({ kind: 'failed', error });
  }

  private onExit(how: string): void {
    if (this.stateNow.kind === 'gone') return;
    clearTimeout(this.loadTimer);
    clearTimeout(this.graceTimer);
    const tail = this.outputTail.trim();
    const detail = tail ? `; its last output: ${tail.slice(-500)}` : '';
    const wasLoading = this.stateNow.kind === 'loading';
    const reason = this.killedFor ?? `the inference process for ${this.modelName} exited unexpectedly (${how})`;
    this.stateNow = { kind: 'gone', reason };
    if (this.killedFor === null) this.opts.log.warn('onnx inference process exited', { model: this.modelName, pid: this.pid, how, output: tail.slice(-500) });
    if (wasLoading) {
      this.failAll(this.killedFor ? `Failed to load ONNX model ${this.modelName}: ${this.killedFor}` : `Failed to load ONNX model ${this.modelName}: the inference process exited while loading it (${how})${detail}`);
    }
    const current = this.current;
    this.current = null;
    if (current && !current.cancelled) current.finish({ kind: 'failed', error: `ONNX error: ${reason} while running this job${detail}` });
    for (const p of this.waiting.splice(0)) p.finish({ kind: 'retry', reason });
    this.opts.onGone?.(this);
  }

  private kill(reason: string): void {
    if (this.stateNow.kind === 'gone' || this.killedFor !== null) return;
    this.killedFor = reason;
    this.child.kill('SIGKILL');
  }

  private idle(): void {
    // An idle process must not keep the Island's event loop alive.
    this.child.channel?.unref();
    for (const s of [this.child.stdout, this.child.stderr]) (s as { unref?: () => void } | null)?.unref?.();
    this.child.unref();
  }

  private onOutput(chunk: string): void {
    this.outputTail = (this.outputTail + chunk).slice(-TAIL_BYTES);
    for (const line of chunk.split('\n')) if (line.trim()) this.opts.log.debug('onnx inference process output', { model: this.modelName, line: line.slice(0, 1000) });
  }
}
