// The soak's job mix and each job's life as the coordinator sees it: dispatch, (for the cancel
// kinds) cancel once the Cargo runs, then wait for the terminal state. A third of the jobs are
// containers; a third fail or are cancelled, so those paths soak as much as success does.
import { randomUUID } from 'node:crypto';
import type { ReferenceCoordinator } from '../../tests/harness/coordinator/types';
import type { JobTally } from './soak-analysis';
import type { SoakMix } from './soak-args';
import type { SoakCargos } from './soak-cargos';

export type Expected = 'succeeded' | 'failed' | 'cancelled';

export interface JobKind {
  name: string;
  expect: Expected;
  /** What a succeeded job's output must join to. */
  text?: string;
  /** Cancelled once it reports `streaming` (the Cargo runs). */
  cancel?: boolean;
  container: boolean;
  send(coord: ReferenceCoordinator, hostId: string): Promise<string>;
}

const PROMPT = 'islands soak all hour';

export function soakJobMix(c: SoakCargos, mix: SoakMix = 'all'): JobKind[] {
  const wasm = (name: string, url: string, expect: Expected, extra: Partial<JobKind> = {}): JobKind => ({
    name,
    expect,
    container: false,
    send: (coord, hostId) => coord.dispatch(hostId, { runtime_type: 'wasm', wasm_url: url, input: { prompt: PROMPT } }),
    ...extra,
  });
  const container = (name: string, image: string, expect: Expected, extra: Partial<JobKind> = {}): JobKind => ({
    name,
    expect,
    container: true,
    send: (coord, hostId) => coord.dispatch(hostId, { runtime_type: 'container', container_image: image, sandbox_tier: 'restricted', input: { prompt: PROMPT } }),
    ...extra,
  });
  const kinds = {
    wasmHello: wasm('wasm-hello', c.wasm.hello, 'succeeded', { text: 'Hello' }),
    wasmStream: wasm('wasm-stream', c.wasm.stream, 'succeeded', { text: 'Hello world' }),
    wasmExit: wasm('wasm-exit-3', c.wasm.exit3, 'failed'),
    wasmTrap: wasm('wasm-trap', c.wasm.trap, 'failed'),
    wasmCancel: wasm('wasm-cancel', c.wasm.sleeper, 'cancelled', { cancel: true }),
    containerEcho: container('container-echo', c.images.echo, 'succeeded', { text: PROMPT.split(' ').map((w) => `${w} `).join('') }),
    containerFail: container('container-fail', c.images.fail, 'failed'),
    containerCancel: container('container-cancel', c.images.sleeper, 'cancelled', { cancel: true }),
    unknownRuntime: {
      name: 'unknown-runtime',
      expect: 'failed',
      container: false,
      send: (coord, hostId) => coord.dispatch(hostId, { runtime_type: 'diffusers', input: { prompt: PROMPT } }),
    } satisfies JobKind,
    malformed: {
      name: 'malformed',
      expect: 'failed',
      container: false,
      // A readable job_id but a lease that is not a number: answered `started` + `failed`.
      send: async (coord, hostId) => {
        const jobId = randomUUID();
        await coord.publishRawJob(hostId, JSON.stringify({ job_id: jobId, input: {}, lease_expires: 'soon', runtime_type: 'wasm' }));
        return jobId;
      },
    } satisfies JobKind,
  };
  // 12 jobs a cycle: 4 containers, 5 that fail, 2 cancelled, 5 that succeed.
  const cycle: JobKind[] = [
    kinds.wasmHello,
    kinds.containerEcho,
    kinds.wasmStream,
    kinds.wasmExit,
    kinds.containerFail,
    kinds.wasmCancel,
    kinds.wasmHello,
    kinds.containerCancel,
    kinds.wasmTrap,
    kinds.unknownRuntime,
    kinds.containerEcho,
    kinds.malformed,
  ];
  if (mix === 'all') return cycle;
  return cycle.filter((k) => (mix === 'container' ? k.container : k.name.startsWith('wasm-')));
}

export interface JobResult {
  jobId: string | null;
  kind: string;
  expected: Expected;
  /** The terminal state, or why none was seen. */
  got: string;
  ok: boolean;
}

export interface RunnerOptions {
  coord: ReferenceCoordinator;
  hostId: string;
  /** From dispatch to the terminal state, queueing behind other jobs included. */
  jobTimeoutMs: number;
  /** Counts the Island's containers (by its instance label). */
  countContainers(): Promise<number>;
}

/** Runs jobs without waiting for each other; `drain()` waits for the ones still running. */
export class JobRunner {
  readonly results: JobResult[] = [];
  readonly jobIds: string[] = [];
  /** Most containers the label filter saw while a container-cancel job ran: proves the filter matches. */
  containersSeenRunning = 0;
  private readonly running = new Set<Promise<void>>();

  constructor(private readonly o: RunnerOptions) {}

  get inFlight(): number {
    return this.running.size;
  }

  launch(kind: JobKind): void {
    const p = this.run(kind).finally(() => this.running.delete(p));
    this.running.add(p);
  }

  async drain(): Promise<void> {
    while (this.running.size > 0) await Promise.all([...this.running]);
  }

  private async run(kind: JobKind): Promise<void> {
    const { coord, hostId, jobTimeoutMs } = this.o;
    const deadline = Date.now() + jobTimeoutMs;
    const left = (): number => Math.max(1, deadline - Date.now());
    let jobId: string | null = null;
    try {
      jobId = await kind.send(coord, hostId);
      this.jobIds.push(jobId);
      if (kind.cancel) {
        // A job that ends before streaming is reported below with the state it reached.
        const streaming = await coord.waitForJobState(jobId, 'streaming', { timeoutMs: left() }).then(() => true, () => false);
        if (streaming) {
          if (kind.container) this.containersSeenRunning = Math.max(this.containersSeenRunning, await this.o.countContainers());
          await coord.cancel(hostId, jobId);
        }
      }
      const job = await coord.waitForJobState(jobId, 'terminal', { timeoutMs: left() });
      const textOk = kind.text === undefined || job.text === kind.text;
      const got = job.state === kind.expect && !textOk ? `${job.state} with output ${JSON.stringify(job.text)} (expected ${JSON.stringify(kind.text)})` : job.state;
      this.results.push({ jobId, kind: kind.name, expected: kind.expect, got, ok: job.state === kind.expect && textOk });
    } catch (err) {
      this.results.push({ jobId, kind: kind.name, expected: kind.expect, got: `no terminal state: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}`, ok: false });
    }
  }
}

const TERMINAL = new Set(['succeeded', 'failed', 'cancelled']);

/** The coordinator's record of every job against what the runner expected. */
export function tallyJobs(coord: ReferenceCoordinator, runner: JobRunner): JobTally {
  const notTerminal: string[] = [];
  const repeatedTerminal: string[] = [];
  for (const r of runner.results) {
    const job = r.jobId ? coord.job(r.jobId) : undefined;
    const terminals = job ? job.statuses.filter((s) => TERMINAL.has(s.message.state)).length : 0;
    if (terminals === 0) notTerminal.push(r.jobId ?? `(${r.kind}: not dispatched)`);
    if (terminals > 1) repeatedTerminal.push(r.jobId!);
  }
  return {
    dispatched: runner.results.length,
    notTerminal,
    repeatedTerminal,
    violations: coord.violations.length,
    unexpected: runner.results.filter((r) => !r.ok).map((r) => ({ jobId: r.jobId ?? '(none)', kind: r.kind, expected: r.expected, got: r.got })),
  };
}

/** Jobs per kind and how they ended, for the report. */
export function outcomesByKind(results: readonly JobResult[]): Record<string, Record<string, number>> {
  const by: Record<string, Record<string, number>> = {};
  for (const r of results) {
    const k = (by[r.kind] ??= {});
    const state = TERMINAL.has(r.got) ? r.got : r.got.startsWith('no terminal') ? 'none' : r.got.split(' ')[0]!;
    k[state] = (k[state] ?? 0) + 1;
  }
  return by;
}
