// Prints what crosses the wire for the demo's Island, as it happens: the coordinator's view.
import type { NatsConnection } from '@nats-io/nats-core';

const C = process.stdout.isTTY
  ? { dim: '\x1b[2m', bold: '\x1b[1m', green: '\x1b[32m', red: '\x1b[31m', yellow: '\x1b[33m', cyan: '\x1b[36m', off: '\x1b[0m' }
  : { dim: '', bold: '', green: '', red: '', yellow: '', cyan: '', off: '' };

export const colour = C;

export function say(tag: string, text: string): void {
  process.stdout.write(`${C.cyan}${tag.padEnd(10)}${C.off} ${text}\n`);
}

export function short(jobId: string): string {
  return jobId.slice(0, 8);
}

export function narrate(nc: NatsConnection, hostId: string): () => void {
  const subs = [
    nc.subscribe(`host.${hostId}.status`, {
      callback: (_e, m) => {
        const s = JSON.parse(m.string()) as { job_id: string; state: string; error?: string };
        const colourOf = s.state === 'succeeded' ? C.green : s.state === 'failed' ? C.red : s.state === 'cancelled' ? C.yellow : '';
        say('status', `job ${short(s.job_id)} ${colourOf}${s.state}${C.off}${s.error ? ` ${C.dim}— ${s.error}${C.off}` : ''}`);
      },
    }),
    nc.subscribe(`host.${hostId}.output`, {
      callback: (_e, m) => {
        const o = JSON.parse(m.string()) as { job_id: string; seq: number; chunk: string; is_final: boolean };
        say('output', `job ${short(o.job_id)} #${o.seq} ${o.is_final ? `${C.dim}(final chunk)${C.off}` : JSON.stringify(o.chunk)}`);
      },
    }),
    nc.subscribe(`host.${hostId}.lease`, {
      callback: (_e, m) => say('lease', `${C.dim}${m.string()}${C.off}`),
    }),
  ];
  return () => subs.forEach((s) => s.unsubscribe());
}
