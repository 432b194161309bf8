// nvidia-smi queries and their CSV output (../shared/reference/island-protocol.md §3.2, §3.3).
// Parsing is kept apart from running the tool so it can be tested on recorded outputs.

import type { GpuMetricsSnapshot } from '../protocol/messages';

const CSV = '--format=csv,noheader,nounits';

/** First GPU's name and VRAM for RegisterHost (§3.2). */
export const GPU_INFO_QUERY: readonly string[] = ['--query-gpu=name,memory.total', CSV];

/** Per-GPU heartbeat metrics (§3.3). power.limit is read but, as in Rust, not sent. */
export const GPU_METRICS_QUERY: readonly string[] = [
  '--query-gpu=index,utilization.gpu,memory.used,memory.total,temperature.gpu,power.draw,power.limit',
  CSV,
];

/** Every GPU with its identity, for the dashboard and for choosing devices. */
export const GPU_INVENTORY_QUERY: readonly string[] = [
  '--query-gpu=index,name,uuid,memory.total,compute_cap,driver_version',
  CSV,
];

export interface GpuInfo {
  model: string | null;
  vramMb: number | null;
}

export interface GpuInventoryEntry {
  index: number;
  name: string;
  uuid: string;
  memoryTotalMb: number;
  computeCap: string;
  driverVersion: string;
}

const U32_MAX = 4_294_967_295;

/** Rust's `str::parse::<u32>()`: ASCII digits with an optional `+`, in range; else null. */
function parseU32(s: string): number | null {
  if (!/^\+?[0-9]+$/.test(s)) return null;
  const n = Number(s);
  return n <= U32_MAX ? n : null;
}

/** Like parseU32 without the upper bound beyond what a double holds exactly (u64 fields). */
function parseU64(s: string): number | null {
  if (!/^\+?[0-9]+$/.test(s)) return null;
  const n = Number(s);
  return Number.isSafeInteger(n) ? n : null;
}

/** A decimal reading such as `150.00`; `[N/A]`, empty, NaN or inf → null. */
function parseDecimal(s: string): number | null {
  if (!/^[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?$/.test(s)) return null;
  const n = Number(s);
  return Number.isFinite(n) ? n : null;
}

function lines(stdout: string): string[] {
  return stdout.split('\n').map((line) => line.replace(/\r$/, ''));
}

/**
 * RegisterHost's gpu_model and gpu_vram_mb from GPU_INFO_QUERY's output: the first line only,
 * name and VRAM from its first two fields. No comma → no GPU; a bad VRAM → name only.
 */
export function parseGpuInfo(stdout: string): GpuInfo {
  const first = lines(stdout)[0] ?? '';
  const parts = first.split(',').map((p) => p.trim());
  if (parts.length < 2) return { model: null, vramMb: null };
  return { model: parts[0] as string, vramMb: parseU32(parts[1] as string) };
}

/**
 * Heartbeat `gpus[]` from GPU_METRICS_QUERY's output. Lines with fewer than 7 fields or a
 * non-integer index are skipped; any other unreadable value (`[N/A]`, empty) becomes 0.
 */
export function parseGpuMetrics(stdout: string): GpuMetricsSnapshot[] {
  const gpus: GpuMetricsSnapshot[] = [];
  for (const line of lines(stdout)) {
    const f = line.split(',').map((p) => p.trim());
    if (f.length < 7) continue;
    const index = parseU32(f[0] as string);
    if (index === null) continue;
    gpus.push({
      index,
      utilization_percent: parseU32(f[1] as string) ?? 0,
      memory_used_mb: parseU64(f[2] as string) ?? 0,
      memory_total_mb: parseU64(f[3] as string) ?? 0,
      temperature_c: parseU32(f[4] as string) ?? 0,
      power_draw_w: parseDecimal(f[5] as string) ?? 0,
    });
  }
  return gpus;
}

/**
 * Every GPU from GPU_INVENTORY_QUERY's output. Lines with fewer than 6 fields or a non-integer
 * index are skipped; an unreadable memory size becomes 0. Should a name ever contain a comma, the
 * extra fields are taken as part of the name, since the other five never contain one.
 */
export function parseGpuInventory(stdout: string): GpuInventoryEntry[] {
  const gpus: GpuInventoryEntry[] = [];
  for (const line of lines(stdout)) {
    const f = line.split(',').map((p) => p.trim());
    if (f.length < 6) continue;
    const index = parseU32(f[0] as string);
    if (index === null) continue;
    const tail = f.slice(-4) as [string, string, string, string];
    gpus.push({
      index,
      name: f.slice(1, f.length - 4).join(', '),
      uuid: tail[0],
      memoryTotalMb: parseU64(tail[1]) ?? 0,
      computeCap: tail[2],
      driverVersion: tail[3],
    });
  }
  return gpus;
}
