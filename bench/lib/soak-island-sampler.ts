// Inside the soaked Island: every interval (and on SIGUSR2, when the soak asks for a quiet
// sample) appends one JSON line to a file: memory after a forced GC (run with --expose-gc; the
// line says whether it was), active resources grouped by type, every pending timer (ref'd or not;
// needs --expose-internals), the listener high-water marks, and the process warnings so far by name. With a snapshot folder, each requested sample also
// writes a V8 heap snapshot there (seconds of blocking: for finding what grew, never for figures).
import { appendFile } from 'node:fs/promises';
import path from 'node:path';
import { writeHeapSnapshot } from 'node:v8';
import { takeListenerHighWater, type ListenerHighWater } from './soak-listener-watch';
import { pendingTimers, type PendingTimers } from './soak-timer-watch';

export interface IslandSample {
  /** Date.now() when taken. */
  at: number;
  reason: 'interval' | 'requested';
  gc: boolean;
  memory: NodeJS.MemoryUsage;
  resources: Record<string, number>;
  resourcesTotal: number;
  /** null without --expose-internals. */
  timers: PendingTimers | null;
  /** Highest listener count reached on one emitter among the listeners added since the last sample. */
  listeners: { window: ListenerHighWater; ever: ListenerHighWater; onProcess: number };
  warnings: Record<string, number>;
  /** The heap snapshot written with this sample, if one was asked for. */
  heapSnapshot?: string;
}

export function countResources(types: readonly string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const t of types) counts[t] = (counts[t] ?? 0) + 1;
  return counts;
}

export function startIslandSampler(file: string, intervalMs: number, snapshotDir: string | null = null): { stop(): Promise<void> } {
  const warnings: Record<string, number> = {};
  process.on('warning', (w) => {
    warnings[w.name] = (warnings[w.name] ?? 0) + 1;
  });
  const gc = (globalThis as { gc?: () => void }).gc;
  let writes = Promise.resolve();
  let snapshots = 0;

  const sample = (reason: IslandSample['reason']): void => {
    gc?.();
    const types = process.getActiveResourcesInfo();
    const line: IslandSample = {
      at: Date.now(),
      reason,
      gc: gc !== undefined,
      memory: process.memoryUsage(),
      resources: countResources(types),
      resourcesTotal: types.length,
      timers: pendingTimers(),
      listeners: { ...takeListenerHighWater(), onProcess: process.eventNames().reduce((n, e) => n + process.listenerCount(e), 0) },
      warnings: { ...warnings },
    };
    if (reason === 'requested' && snapshotDir) {
      snapshots += 1;
      line.heapSnapshot = writeHeapSnapshot(path.join(snapshotDir, `heap-${snapshots}.heapsnapshot`));
    }
    // Chained, so lines land in the order they were taken; a failed write is said, not thrown.
    writes = writes.then(() => appendFile(file, `${JSON.stringify(line)}\n`)).catch((err: unknown) => void process.stderr.write(`soak sampler: cannot write ${file}: ${String(err)}\n`));
  };

  const timer = setInterval(() => sample('interval'), intervalMs);
  timer.unref();
  const onRequest = () => sample('requested');
  process.on('SIGUSR2', onRequest);
  return {
    stop: async () => {
      clearInterval(timer);
      process.off('SIGUSR2', onRequest);
      await writes;
    },
  };
}
