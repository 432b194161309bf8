// The soaked Island seen from outside, every sample interval: /proc (RSS, fds, threads, CPU) and
// the containers carrying its labels, with how many jobs were in flight. Each sample is also
// appended to a JSON-lines file as it is taken, so a run cut short still leaves its data.
import { appendFileSync } from 'node:fs';
import { readProc, type ProcFigures } from './soak-proc';

export interface OuterSample extends ProcFigures {
  /** Date.now() when taken. */
  at: number;
  containers: number;
  inFlight: number;
  dispatched: number;
}

export interface OuterSamplerOptions {
  pid: number;
  intervalMs: number;
  file: string;
  countContainers(): Promise<number>;
  jobs(): { inFlight: number; dispatched: number };
  /** Stop sampling once the process is gone. */
  exited(): boolean;
  onError(err: unknown): void;
}

export function startOuterSampler(o: OuterSamplerOptions): { readonly samples: readonly OuterSample[]; stop(): void } {
  const samples: OuterSample[] = [];
  let busy = false;
  const timer = setInterval(() => {
    // A slow Docker answer skips a beat rather than piling up requests.
    if (busy || o.exited()) return;
    busy = true;
    Promise.all([readProc(o.pid), o.countContainers()])
      .then(([proc, containers]) => {
        const s: OuterSample = { at: Date.now(), ...proc, containers, ...o.jobs() };
        samples.push(s);
        appendFileSync(o.file, `${JSON.stringify(s)}\n`);
      })
      .catch(o.onError)
      .finally(() => (busy = false));
  }, o.intervalMs);
  return { samples, stop: () => clearInterval(timer) };
}
