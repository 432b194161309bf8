// A runtime that streams tokens on a fixed schedule, for the dashboard benchmark: input
// `{"count": 600, "intervalMs": 20}` sends token i at start + i × 20 ms (50 a second), catching up
// after a late timer instead of drifting, so the rate the dashboard sees is the rate asked for.
import type { JobContext, Runtime, RuntimeResult } from '../src-main/agent/jobs/runtime';

export class PacedRuntime implements Runtime {
  readonly type = 'wasm' as const;
  readonly seqBase = 1;

  availability() {
    return { available: true } as const;
  }

  timeoutSeconds(): number {
    return 600;
  }

  async run(ctx: JobContext): Promise<RuntimeResult> {
    const { count = 500, intervalMs = 20 } = (ctx.job.input ?? {}) as { count?: number; intervalMs?: number };
    ctx.emit.streaming();
    const start = performance.now();
    for (let i = 0; i < count; i++) {
      const wait = start + i * intervalMs - performance.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      if (ctx.signal.aborted) return { outcome: 'failed', error: 'aborted' };
      ctx.emit.token(` tok${i}`);
    }
    ctx.emit.final('');
    return { outcome: 'succeeded' };
  }
}
