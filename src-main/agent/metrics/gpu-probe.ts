// GPUs through nvidia-smi, asynchronously (systeminformation calls it with execFileSync, which
// blocks the event loop; platform-notes §5). Metrics are cached for 5 s like the Rust Island's.
// A missing nvidia-smi is remembered, and looked for again once a minute in case a driver appears.
import { execFile } from 'node:child_process';
import {
  GPU_INFO_QUERY,
  GPU_INVENTORY_QUERY,
  GPU_METRICS_QUERY,
  parseGpuInfo,
  parseGpuInventory,
  parseGpuMetrics,
  type GpuInventoryEntry,
} from '../../../src-shared/domain/nvidia-smi';
import type { GpuMetricsSnapshot } from '../../../src-shared/protocol/messages';
import type { Logger } from '../log/logger';

export type RunTool = (file: string, args: readonly string[]) => Promise<string>;

export interface GpuProbeOptions {
  log?: Logger;
  binary?: string;
  run?: RunTool;
  cacheMs?: number;
  missingRetryMs?: number;
  now?: () => number;
}

export class GpuProbe {
  private readonly binary: string;
  private readonly run: RunTool;
  private readonly now: () => number;
  private cached: { at: number; value: GpuMetricsSnapshot[] | null } | null = null;
  /** When nvidia-smi was last missing or failing; it is asked again after `missingRetryMs`. */
  private unavailableSince: number | null = null;
  private lastProblem: string | null = null;

  constructor(private readonly opts: GpuProbeOptions = {}) {
    this.binary = opts.binary ?? 'nvidia-smi';
    this.run = opts.run ?? runTool;
    this.now = opts.now ?? Date.now;
  }

  /** First GPU's name and VRAM for registration (§3.2); nulls when nvidia-smi is absent or fails. */
  async info(): Promise<{ model: string | null; vramMb: number | null }> {
    const out = await this.query(GPU_INFO_QUERY);
    return out === null ? { model: null, vramMb: null } : parseGpuInfo(out);
  }

  /** Every GPU with its name, UUID and VRAM (the dashboard's hardware list); null without nvidia-smi. */
  async inventory(): Promise<GpuInventoryEntry[] | null> {
    const out = await this.query(GPU_INVENTORY_QUERY);
    return out === null ? null : parseGpuInventory(out);
  }

  /** Per-GPU metrics for the heartbeat; null when nvidia-smi is absent or failed (the key is then omitted). */
  async metrics(): Promise<GpuMetricsSnapshot[] | null> {
    const now = this.now();
    if (this.cached && now - this.cached.at < (this.opts.cacheMs ?? 5_000)) return this.cached.value;
    const out = await this.query(GPU_METRICS_QUERY);
    const value = out === null ? null : parseGpuMetrics(out);
    this.cached = { at: now, value };
    return value;
  }

  private async query(args: readonly string[]): Promise<string | null> {
    const now = this.now();
    if (this.unavailableSince !== null && now - this.unavailableSince < (this.opts.missingRetryMs ?? 60_000)) return null;
    try {
      const out = await this.run(this.binary, args);
      if (this.lastProblem) this.opts.log?.info('nvidia-smi answers again');
      this.unavailableSince = null;
      this.lastProblem = null;
      return out;
    } catch (err) {
      this.unavailableSince = now;
      const e = err as NodeJS.ErrnoException & { stderr?: string; killed?: boolean };
      // No nvidia-smi is normal (no NVIDIA GPU). A broken or hanging driver is not: say so once.
      if (e.code !== 'ENOENT') {
        const problem = e.killed ? 'nvidia-smi did not answer within 5 s' : (e.stderr?.trim() || e.message);
        if (problem !== this.lastProblem) this.opts.log?.warn('nvidia-smi failed; GPUs are not reported until it works', { error: problem });
        this.lastProblem = problem;
      }
      return null;
    }
  }
}

function runTool(file: string, args: readonly string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(file, args, { timeout: 5_000, windowsHide: true, maxBuffer: 1024 * 1024 }, (err, stdout) => {
      if (err) reject(err);
      else resolve(stdout);
    });
  });
}
