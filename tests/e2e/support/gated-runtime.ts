// A runtime the test holds open: a job streams the tokens of its input (`{"tokens": [...]}`), then
// waits until the test calls finish(jobId), so the test can look at the job while it is running
// for as long as a busy machine needs, with no timing guess. Aborts (cancel, shutdown) end it.
import type { KnownRuntime } from '../../../src-shared/protocol/messages';
import type { JobContext, Runtime, RuntimeResult } from '../../../src-main/agent/jobs/runtime';

interface Gate {
  open: () => void;
  opened: Promise<void>;
}

export class GatedRuntime implements Runtime {
  readonly seqBase = 1;
  private readonly gates = new Map<string, Gate>();
  /** Jobs that have sent all their tokens and now wait for finish(). */
  readonly holding = new Set<string>();

  constructor(readonly type: KnownRuntime = 'wasm') {}

  availability() {
    return { available: true } as const;
  }

  timeoutSeconds(): number {
    return 300;
  }

  /** Lets the job end: it sends its final chunk and succeeds. */
  finish(jobId: string): void {
    this.gate(jobId).open();
  }

  async run(ctx: JobContext): Promise<RuntimeResult> {
    const { tokens = [] } = (ctx.job.input ?? {}) as { tokens?: string[] };
    ctx.emit.streaming();
    for (const t of tokens) ctx.emit.token(t);
    const gate = this.gate(ctx.job.job_id);
    this.holding.add(ctx.job.job_id);
    ctx.signal.addEventListener('abort', gate.open);
    await gate.opened;
    this.holding.delete(ctx.job.job_id);
    if (ctx.signal.aborted) return { outcome: 'failed', error: 'aborted' };
    ctx.emit.final('');
    return { outcome: 'succeeded' };
  }

  private gate(jobId: string): Gate {
    let gate = this.gates.get(jobId);
    if (!gate) {
      let open!: () => void;
      const opened = new Promise<void>((resolve) => (open = resolve));
      gate = { open, opened };
      this.gates.set(jobId, gate);
    }
    return gate;
  }
}
