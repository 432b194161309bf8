// The heartbeat's performance_estimates (../shared/reference/island-protocol.md §9.3). WIRE: the
// coordinator may schedule on these, so the formulas and their rounding match the Rust Island.

import type { HostCapabilities, PerformanceEstimates } from '../protocol/messages';
import { bandwidthForGpu } from './gpu-bandwidth';

/** VRAM that holds a 4.5 GB model: floor(4.5 × 1024) MB. */
const FULL_OFFLOAD_VRAM_MB = 4608;

/** Rust's `f32::round`: halves go away from zero (Math.round sends -2.5 to -2). */
export function roundHalfAwayFromZero(x: number): number {
  return Math.sign(x) * Math.round(Math.abs(x));
}

/**
 * `round(bw / 4.5 * 0.55 * mode)` evaluated in f32 like the Rust code, so a value that lands on
 * .5 in f32 rounds the same way here. One f32 operation done in f64 and then rounded to f32 gives
 * the exact f32 result, so Math.fround after each step is enough.
 */
export function estimateLlmTokensPerSecond(bandwidthGbS: number, vramMb: number | null): number {
  const mode = vramMb === null ? 0.3 : vramMb >= FULL_OFFLOAD_VRAM_MB ? 1.0 : 0.5;
  const f = Math.fround;
  const perToken = f(f(bandwidthGbS) / f(4.5));
  return roundHalfAwayFromZero(f(f(perToken * f(0.55)) * f(mode)));
}

/** `max_concurrent_containers`: one job per 2 cores and per 2 GiB of RAM, at least one. */
export function maxConcurrentJobs(cpuCores: number, ramMb: number): number {
  return Math.max(1, Math.min(Math.floor(cpuCores / 2), Math.floor(ramMb / 2048)));
}

export interface PerformanceExtras {
  natsRttMs?: number;
  publicAddr?: string;
  /** The Island's admission limit; defaults to the hardware formula of §9.3. */
  maxConcurrentJobs?: number;
}

export function computePerformanceEstimates(
  caps: HostCapabilities,
  supportedRuntimes: string[],
  extra: PerformanceExtras = {},
): PerformanceEstimates {
  const bandwidth = caps.gpu_model === null ? null : bandwidthForGpu(caps.gpu_model, caps.gpu_vram_mb);
  const estimates: PerformanceEstimates = {
    gpu_bandwidth_gb_s: bandwidth,
    estimated_llm_tok_s: bandwidth === null ? null : estimateLlmTokensPerSecond(bandwidth, caps.gpu_vram_mb),
    // What the Island will actually admit (`[jobs] max_concurrent` when the owner set it).
    max_concurrent_containers: extra.maxConcurrentJobs ?? maxConcurrentJobs(caps.cpu_cores, caps.ram_mb),
    wasm_memory_limit_mb: Math.floor((caps.ram_mb * 3) / 4),
    supported_runtimes: [...supportedRuntimes],
  };
  if (extra.natsRttMs !== undefined) estimates.nats_rtt_ms = extra.natsRttMs;
  if (extra.publicAddr !== undefined) estimates.public_addr = extra.publicAddr;
  return estimates;
}
