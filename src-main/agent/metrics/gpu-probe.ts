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

export type RunTool = (file: string, args: readonly string[]) => Promise<string>;

export interface GpuProbeOptions {
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
  private missingSince: number | null = null;

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

  /** Every GPU with its uuid and driver, for the dashboard and GPU choice. */
  async inventory(): Promise<GpuInventoryEntry[]> {
    const out = await this.query(GPU_INVENTORY_QUERY);
    return out === null ? [] : parseGpuInventory(out);
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
    if (this.missingSince !== null && now - this.missingSince < (this.opts.missingRetryMs ?? 60_000)) return null;
    try {
      const out = await this.run(this.binary, args);
      this.missingSince = null;
      return out;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') this.missingSince = now;
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
