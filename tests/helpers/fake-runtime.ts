// A runtime driven by the job's input, for engine tests: {"tokens":["a","b"], "delayMs":5,
// "fail":"reason", "throw":"reason", "hang":true, "ignoreAbort":true, "streaming":true, "final":"chunk",
// "prepareMs":100 (with preparesFirst: a fetch before the Cargo runs)}.
import type { KnownRuntime } from '../../src-shared/protocol/messages';
import type { JobContext, Runtime, RuntimeAvailability, RuntimeResult } from '../../src-main/agent/jobs/runtime';

interface Script {
  tokens?: string[];
  delayMs?: number;
  fail?: string;
  throw?: string;
  hang?: boolean;
  ignoreAbort?: boolean;
  streaming?: boolean;
  final?: string | false;
  prepareMs?: number;
}

export class FakeRuntime implements Runtime {
  readonly runs: string[] = [];
  readonly aborted: string[] = [];
  availabilityNow: RuntimeAvailability = { available: true };

  constructor(
    readonly type: KnownRuntime = 'wasm',
    readonly seqBase: 0 | 1 = 1,
    private readonly timeout = 60,
    readonly preparesFirst = false,
  ) {}

  availability(): RuntimeAvailability {
    return this.availabilityNow;
  }

  timeoutSeconds(): number {
    return this.timeout;
  }

  async run(ctx: JobContext): Promise<RuntimeResult> {
    const s = (ctx.job.input ?? {}) as Script;
    this.runs.push(ctx.job.job_id);
    ctx.signal.addEventListener('abort', () => this.aborted.push(ctx.job.job_id));
    if (s.throw) throw new Error(s.throw);
    if (this.preparesFirst) {
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, s.prepareMs ?? 0);
        ctx.signal.addEventListener('abort', () => {
          clearTimeout(t);
          resolve();
        });
      });
      if (ctx.signal.aborted) return { outcome: 'failed', error: 'aborted while preparing' };
      ctx.prepared();
    }
    if (s.streaming) ctx.emit.streaming();
    for (const t of s.tokens ?? []) {
      await sleep(s.delayMs ?? 0);
      if (ctx.signal.aborted && !s.ignoreAbort) return { outcome: 'failed', error: 'aborted' };
      ctx.emit.token(t);
    }
    if (s.hang) {
      await new Promise<void>((resolve) => {
        if (!s.ignoreAbort) ctx.signal.addEventListener('abort', () => resolve());
      });
      return { outcome: 'failed', error: 'aborted' };
    }
    if (s.fail) return { outcome: 'failed', error: s.fail };
    if (s.final !== false) ctx.emit.final(s.final ?? '');
    return { outcome: 'succeeded' };
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
