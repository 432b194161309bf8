// A fake nvidia-smi that answers each query with output recorded from a real machine
// (tests/fixtures/nvidia-smi/<machine>.<info|metrics|inventory>.txt).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { RunTool } from '../../src-main/agent/metrics/gpu-probe';

const FIXTURES = path.join(import.meta.dirname, '..', 'fixtures', 'nvidia-smi');

export function recordedNvidiaSmi(machine: string, calls: string[] = []): RunTool {
  return async (_file, args) => {
    const q = args.find((a) => a.startsWith('--query-gpu=')) ?? '';
    const kind = q.includes('utilization.gpu') ? 'metrics' : q.includes('uuid') ? 'inventory' : 'info';
    calls.push(kind);
    return readFileSync(path.join(FIXTURES, `${machine}.${kind}.txt`), 'utf8');
  };
}
