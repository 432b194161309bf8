// One loaded model in its own inference process, seen from the Island: the load handshake, then
// generations on the context's sequences (jobs beyond them wait their turn), cancels that stop a
// generation between two tokens (and kill the process if it does not stop), and an end that
// fails every job still on it with the reason: llama.cpp crashed, the process broke the
// protocol, or the model was unloaded.
import { crashMessage, type ProcessEnd } from '../../../../src-shared/domain/gguf/crash';
import type { GgufGpu } from '../../../../src-shared/domain/gguf/gpu';
import type { GgufUsage } from '../../../../src-shared/domain/gguf/usage';
import type { Logger } from '../../log/logger';
import { InferenceChild } from './inference-child';
import type { WorkerCommand } from './worker-file';
import type { ChildMessage, GenerationPrompt, GenerationSampling, LoadedInfo, StopReason } from './worker-protocol';

export interface LoadSpec {
  modelPath: string;
  contextSize: number;
  sequences: number;
  threads: number | null;
  gpu: GgufGpu;
}

export interface ModelProcessOptions {
  command: WorkerCommand;
  execPath?: string;
  /** Added to the child's filtered environment (the offered GPUs). */
  env?: Record<string, string>;
  load: LoadSpec;
  log: Logger;
  loadTimeoutMs: number;
  /** How long a cancelled generation may take to stop before the process is killed. */
  cancelGraceMs: number;
  /** How long an unloading process may take to exit before it is killed. */
  unloadGraceMs: number;
}

export type LoadFailure = { kind: 'binary' | 'model' | 'crashed' | 'timeout'; message: string };
export type StartResult = { ok: true; process: ModelProcess } | { ok: false; failure: LoadFailure };

export interface GenerationInput {
  prompt: GenerationPrompt;
  maxTokens: number;
  sampling: GenerationSampling;
}

export type GenerationOutcome =
  | { kind: 'done'; usage: GgufUsage; stopReason: StopReason }
  | { kind: 'failed'; error: string }
  | { kind: 'aborted' };

type Phase =
  | { kind: 'loading'; settle: (result: StartResult) => void; timer: NodeJS.Timeout }
  | { kind: 'ready' }
  | { kind: 'ended'; why: string };

interface Generation {
  onText: (text: string) => void;
  settle: (outcome: GenerationOutcome) => void;
  /** Its job was aborted: its output is dropped and it holds its sequence until the process says it stopped. */
  aborted: boolean;
  graceTimer?: NodeJS.Timeout;
}

type Slot = 'granted' | 'aborted' | 'ended';

export class ModelProcess {
  private readonly child: InferenceChild;
  private phase: Phase;
  private loadedInfo: LoadedInfo | null = null;
  private readonly generations = new Map<number, Generation>();
  private readonly waiting: ((slot: Slot) => void)[] = [];
  /** Sequences taken: by running generations, and by ones granted a sequence that have not started yet. */
  private taken = 0;
  private nextId = 0;
  /** Set before the Island ends the process itself, so that its jobs learn why. */
  private endReason: string | null = null;
  private readonly endListeners: ((why: string, expected: boolean) => void)[] = [];
  private expectedEnd = false;

  static start(opts: ModelProcessOptions): Promise<StartResult> {
    return new Promise((resolve) => new ModelProcess(opts, resolve));
  }

  private constructor(
    private readonly opts: ModelProcessOptions,
    settle: (result: StartResult) => void,
  ) {
    const timer = setTimeout(() => this.loadTimedOut(), opts.loadTimeoutMs);
    this.phase = { kind: 'loading', settle, timer };
    this.child = new InferenceChild(
      opts.command,
      opts.log,
      {
        message: (m) => this.onMessage(m),
        violation: (error) => this.violation(error),
        exit: (end, tail, startError) => this.onExit(end, tail, startError),
      },
      opts.execPath,
      opts.env,
    );
    this.child.send({ type: 'load', ...opts.load });
  }

  get info(): LoadedInfo {
    if (!this.loadedInfo) throw new Error('the model is not loaded');
    return this.loadedInfo;
  }

  get pid(): number | null {
    return this.child.pid;
  }

  get alive(): boolean {
    return this.phase.kind !== 'ended';
  }

  /** Generations running or waiting for a sequence. */
  get activeGenerations(): number {
    return this.taken + this.waiting.length;
  }

  onEnd(listener: (why: string, expected: boolean) => void): void {
    this.endListeners.push(listener);
  }

  async generate(input: GenerationInput, onText: (text: string) => void, signal: AbortSignal): Promise<GenerationOutcome> {
    if (signal.aborted) return { kind: 'aborted' };
    const slot = await this.slot(signal);
    if (slot === 'aborted') return { kind: 'aborted' };
    if (slot === 'ended' || this.phase.kind !== 'ready') return { kind: 'failed', error: this.whyEnded() };
    if (signal.aborted) {
      this.releaseSlot();
      return { kind: 'aborted' };
    }
    const id = this.nextId++;
    return new Promise((resolve) => {
      const gen: Generation = {
        onText,
        aborted: false,
        settle: (outcome) => {
          signal.removeEventListener('abort', onAbort);
          resolve(outcome);
        },
      };
      const onAbort = () => {
        gen.aborted = true;
        gen.settle({ kind: 'aborted' });
        this.child.send({ type: 'cancel', id });
        gen.graceTimer = setTimeout(() => this.cancelIgnored(id), this.opts.cancelGraceMs);
      };
      signal.addEventListener('abort', onAbort, { once: true });
      this.generations.set(id, gen);
      this.child.send({ type: 'generate', id, ...input });
    });
  }

  /** Asks the process to free the model and exit; kills it if it takes too long. */
  async unload(reason: string): Promise<void> {
    if (this.phase.kind !== 'ended') {
      this.expectedEnd = true;
      this.endReason ??= `the model was unloaded (${reason}) before the job finished`;
      this.child.send({ type: 'unload' });
      const timer = setTimeout(() => this.child.kill(), this.opts.unloadGraceMs);
      await this.child.exited;
      clearTimeout(timer);
    }
    await this.child.exited;
  }

  /** Takes a sequence now if one is free, else waits for one in turn. */
  private slot(signal: AbortSignal): Promise<Slot> {
    if (this.phase.kind === 'ended') return Promise.resolve('ended');
    if (this.taken < this.info.sequences && this.waiting.length === 0) {
      this.taken += 1;
      return Promise.resolve('granted');
    }
    return new Promise((resolve) => {
      const onAbort = () => {
        const i = this.waiting.indexOf(grant);
        if (i >= 0) this.waiting.splice(i, 1);
        resolve('aborted');
      };
      const grant = (slot: Slot) => {
        signal.removeEventListener('abort', onAbort);
        resolve(slot);
      };
      signal.addEventListener('abort', onAbort, { once: true });
      this.waiting.push(grant);
    });
  }

  private onMessage(m: ChildMessage): void {
    if (m.type === 'log') return this.opts.log[m.level]('llama.cpp', { message: m.message });
    const phase = this.phase;
    if (phase.kind === 'loading') {
      clearTimeout(phase.timer);
      if (m.type === 'loaded') {
        this.loadedInfo = m.info;
        this.phase = { kind: 'ready' };
        return phase.settle({ ok: true, process: this });
      }
      if (m.type === 'load-failed') {
        this.finishLoading({ kind: m.reason, message: m.error });
        this.expectedEnd = true;
        return this.child.kill();
      }
      return this.violation(`"${m.type}" before the model was loaded`);
    }
    if (m.type === 'loaded' || m.type === 'load-failed') return this.violation(`a second "${m.type}"`);
    // Unloading: generations cut short by it end with its reason when the process exits, not
    // with whatever the disposed model made of them.
    if (this.expectedEnd) return;
    const gen = this.generations.get(m.id);
    if (!gen) return this.violation(`"${m.type}" for generation ${m.id}, which is not running`);
    if (m.type === 'token') {
      if (!gen.aborted) gen.onText(m.text);
      return;
    }
    this.generations.delete(m.id);
    clearTimeout(gen.graceTimer);
    if (!gen.aborted) {
      gen.settle(
        m.type === 'done'
          ? { kind: 'done', usage: { promptTokens: m.promptTokens, completionTokens: m.completionTokens }, stopReason: m.stopReason }
          : { kind: 'failed', error: m.error },
      );
    }
    this.releaseSlot();
  }

  /** A sequence is free again: the next waiting generation takes it. */
  private releaseSlot(): void {
    this.taken -= 1;
    const next = this.waiting.shift();
    if (!next) return;
    this.taken += 1;
    next('granted');
  }

  private violation(what: string): void {
    this.opts.log.error('inference process broke the protocol; killing it', { error: what });
    this.endReason ??= `the inference process broke the protocol (${what})`;
    this.child.kill();
  }

  private cancelIgnored(id: number): void {
    if (!this.generations.has(id)) return;
    this.opts.log.warn('a cancelled generation did not stop in time; killing its inference process', { grace_ms: this.opts.cancelGraceMs });
    this.endReason ??= `the inference process was killed: a cancelled generation did not stop within ${this.opts.cancelGraceMs} ms`;
    this.child.kill();
  }

  private loadTimedOut(): void {
    this.finishLoading({ kind: 'timeout', message: `loading the model took longer than ${+(this.opts.loadTimeoutMs / 1000).toFixed(1)} s` });
    this.expectedEnd = true;
    this.child.kill();
  }

  private finishLoading(failure: LoadFailure): void {
    const phase = this.phase;
    if (phase.kind !== 'loading') return;
    clearTimeout(phase.timer);
    this.phase = { kind: 'ended', why: failure.message };
    phase.settle({ ok: false, failure });
  }

  private whyEnded(): string {
    return this.phase.kind === 'ended' ? this.phase.why : 'the inference process is not ready';
  }

  private onExit(end: ProcessEnd, tail: readonly string[], startError: string | null): void {
    const wasLoading = this.phase.kind === 'loading';
    const why = startError
      ? `the inference process could not be started: ${startError}`
      : (this.endReason ?? crashMessage(end, wasLoading ? 'loading' : 'generating', tail));
    if (wasLoading) this.finishLoading({ kind: 'crashed', message: why });
    if (this.phase.kind !== 'ended') this.phase = { kind: 'ended', why };
    for (const gen of this.generations.values()) {
      clearTimeout(gen.graceTimer);
      if (!gen.aborted) gen.settle({ kind: 'failed', error: why });
    }
    this.generations.clear();
    this.taken = 0;
    for (const grant of this.waiting.splice(0)) grant('ended');
    const expected = this.expectedEnd;
    // A failed load is logged by the pool, with the model it was loading.
    if (!expected && !wasLoading) this.opts.log.warn('inference process ended', { pid: this.pid, why, code: end.code, signal: end.signal });
    for (const listener of this.endListeners) listener(why, expected);
  }
}
