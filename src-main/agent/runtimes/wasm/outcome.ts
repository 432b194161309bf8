// How the end of a module becomes the job's result. Failures the Rust Island reports as
// `succeeded` (a bad module, a hash mismatch: §12.2 quirk 1) are `failed` here, and each says why.
import type { RuntimeResult } from '../../jobs/runtime';
import { formatBytes, formatSeconds } from './format';
import type { WorkerOutcome } from './worker-run';

export function failed(error: string): RuntimeResult {
  return { outcome: 'failed', error };
}

/** What the engine ignores: an aborted job's status comes from its abort reason. */
export const ABORTED: RuntimeResult = failed('aborted');

export function resultOf(outcome: WorkerOutcome): RuntimeResult {
  switch (outcome.kind) {
    case 'exit':
      // No final chunk is added on success: only a module's own `done` line sends one (§4.5.2).
      return outcome.code === 0 ? { outcome: 'succeeded' } : failed(`Exit code: ${outcome.code}`);
    case 'trap':
      // wasmtime reports a trap as exit code 1; the trap itself says far more to the owner and
      // to the consumer, and no coordinator logic reads this text (only `state`).
      return failed(`WASM trap: ${outcome.message}`);
    case 'error':
    case 'crashed':
      return failed(outcome.message);
    case 'output-limit':
      return failed(`Output limit exceeded: the module wrote more than ${formatBytes(outcome.limitBytes)} to stdout`);
    case 'cpu-limit':
      return failed(`CPU time limit exceeded (${formatSeconds(outcome.budgetMs)})`);
    case 'aborted':
      return ABORTED;
  }
}
