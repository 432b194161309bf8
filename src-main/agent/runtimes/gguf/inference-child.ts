// One inference process as the Island sees it: forked with a filtered environment, its messages
// decoded before anything acts on them, the last lines of its stderr kept to explain a crash,
// and its end reported once with the signal or exit code.
import { fork, type ChildProcess } from 'node:child_process';
import { inferenceChildEnv } from '../../../../src-shared/domain/inference-child-env';
import type { ProcessEnd } from '../../../../src-shared/domain/gguf/crash';
import type { Logger } from '../../log/logger';
import type { WorkerCommand } from './worker-file';
import { decodeChildMessage, type ChildMessage, type ParentMessage } from './worker-protocol';

export interface ChildHandlers {
  message(message: ChildMessage): void;
  /** The process sent something that is not in the protocol; it is killed right after. */
  violation(error: string): void;
  /** `startError`: the process could not be started at all (no Node binary, no permission). */
  exit(end: ProcessEnd, stderrTail: readonly string[], startError: string | null): void;
}

const TAIL_LINES = 30;

const MAX_LINE = 2000;

export class InferenceChild {
  private readonly child: ChildProcess;
  private readonly tail: string[] = [];
  private partial = '';
  private ended = false;
  private startError: string | null = null;
  readonly exited: Promise<ProcessEnd>;

  /** `extraEnv`: what the Island adds on purpose (CUDA_VISIBLE_DEVICES: only the offered GPUs). */
  constructor(command: WorkerCommand, log: Logger, handlers: ChildHandlers, execPath: string = process.execPath, extraEnv: Record<string, string> = {}) {
    this.child = fork(command.file, [], {
      execPath,
      execArgv: command.execArgv,
      env: { ...inferenceChildEnv(process.env, process.versions.electron !== undefined), ...extraEnv },
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
      serialization: 'json',
    });
    this.child.stdout?.on('data', (chunk: Buffer) => log.debug('inference process stdout', { text: chunk.toString('utf8').trimEnd().slice(0, MAX_LINE) }));
    this.child.stderr?.on('data', (chunk: Buffer) => this.onStderr(chunk, log));
    this.child.on('message', (raw) => {
      if (this.ended) return;
      const decoded = decodeChildMessage(raw);
      if (decoded.ok) return handlers.message(decoded.message);
      handlers.violation(decoded.error);
      this.kill();
    });
    this.exited = new Promise((resolve) => {
      // 'close' waits for stderr to drain, so the assertion llama.cpp printed is in the tail.
      this.child.once('close', (code, signal) => {
        this.ended = true;
        if (this.partial) this.keep(this.partial);
        const end = { code, signal };
        handlers.exit(end, this.tail, this.startError);
        resolve(end);
      });
    });
    this.child.once('error', (err) => {
      if (this.child.pid === undefined) this.startError = err.message;
      else log.warn('inference process error', { error: err.message });
    });
  }

  get pid(): number | null {
    return this.child.pid ?? null;
  }

  get alive(): boolean {
    return !this.ended;
  }

  send(message: ParentMessage): void {
    if (this.ended || !this.child.connected) return;
    this.child.send(message, (err) => {
      // The channel closed under us: the exit handler reports why.
      if (err) this.kill();
    });
  }

  kill(): void {
    if (!this.ended) this.child.kill('SIGKILL');
  }

  private onStderr(chunk: Buffer, log: Logger): void {
    const text = this.partial + chunk.toString('utf8');
    const lines = text.split('\n');
    // A line that never ends is kept only up to what a message can show.
    this.partial = (lines.pop() ?? '').slice(-MAX_LINE);
    for (const line of lines) {
      if (line.trim() === '') continue;
      this.keep(line);
      log.debug('inference process stderr', { line: line.slice(0, MAX_LINE) });
    }
  }

  private keep(line: string): void {
    this.tail.push(line.slice(0, MAX_LINE));
    if (this.tail.length > TAIL_LINES) this.tail.shift();
  }
}
