// GPU memory bandwidth in GB/s (../shared/reference/island-protocol.md §9.3), the input of the
// heartbeat's tok/s estimate. WIRE: the coordinator ranks Islands on these numbers, so the table,
// its key spellings and the lookup order match the Rust Island.

/** [normalised key, GB/s], in the reference's table order (which also breaks length ties). */
export const GPU_BANDWIDTH_TABLE: ReadonlyArray<readonly [string, number]> = [
  // NVIDIA datacenter
  ['h100 sxm', 3350],
  ['h100 pcie', 2039],
  ['h100', 3350],
  ['h200', 4800],
  ['a100 80gb', 2039],
  ['a100 40gb', 1555],
  ['a100', 2039],
  ['a40', 696],
  ['a30', 933],
  ['a10g', 600],
  ['a10', 600],
  ['l40s', 864],
  ['l40', 864],
  ['l4', 300],
  ['v100', 900],
  ['t4', 320],
  ['p100', 732],
  // NVIDIA workstation
  ['rtx a6000', 768],
  ['rtx a5000', 768],
  ['rtx a4000', 448],
  ['a6000', 768],
  ['a5000', 768],
  ['a4000', 448],
  // RTX 50
  ['rtx 5090', 1792],
  ['rtx 5080', 960],
  ['rtx 5070 ti', 896],
  ['rtx 5070', 672],
  // RTX 40
  ['rtx 4090', 1008],
  ['rtx 4080 super', 736],
  ['rtx 4080', 716.8],
  ['rtx 4070 ti super', 672],
  ['rtx 4070 ti', 504],
  ['rtx 4070 super', 504],
  ['rtx 4070', 504],
  ['rtx 4060 ti', 288],
  ['rtx 4060', 272],
  // RTX 30
  ['rtx 3090 ti', 1008],
  ['rtx 3090', 936.2],
  ['rtx 3080 ti', 912.4],
  ['rtx 3080', 760.3],
  ['rtx 3070 ti', 608.3],
  ['rtx 3070', 448],
  ['rtx 3060 ti', 448],
  ['rtx 3060', 360],
  ['rtx 3050', 224],
  // RTX 20
  ['titan rtx', 672],
  ['rtx 2080 ti', 616],
  ['rtx 2080 super', 496],
  ['rtx 2080', 448],
  ['rtx 2070 super', 448],
  ['rtx 2070', 448],
  ['rtx 2060 super', 448],
  ['rtx 2060', 336],
  // GTX 10/16
  ['gtx 1080 ti', 484],
  ['gtx 1080', 320],
  ['gtx 1070 ti', 256.3],
  ['gtx 1070', 256.3],
  ['gtx 1060', 192],
  ['gtx 1660 super', 336],
  ['gtx 1660 ti', 288],
  ['gtx 1660', 192],
  ['gtx 1650 super', 192],
  ['gtx 1650', 128],
  // AMD RX 7000
  ['rx 7900 xtx', 960],
  ['rx 7900 xt', 800],
  ['rx 7800 xt', 624],
  ['rx 7700 xt', 432],
  ['rx 7600', 288],
  // AMD RX 6000
  ['rx 6950 xt', 576],
  ['rx 6900 xt', 512],
  ['rx 6800 xt', 512],
  ['rx 6800', 512],
  ['rx 6700 xt', 384],
  ['rx 6600 xt', 256],
  ['rx 6600', 224],
  // AMD Instinct
  ['mi300x', 5300],
  ['mi250x', 3276],
  ['mi250', 3276],
  ['mi210', 1638],
  ['mi100', 1228],
  // Apple
  ['apple m4 ultra', 819.2],
  ['apple m4 max', 546],
  ['apple m4 pro', 273],
  ['apple m4', 120],
  ['apple m3 ultra', 800],
  ['apple m3 max', 400],
  ['apple m3 pro', 150],
  ['apple m3', 100],
  ['apple m2 ultra', 800],
  ['apple m2 max', 400],
  ['apple m2 pro', 200],
  ['apple m2', 100],
  ['apple m1 ultra', 800],
  ['apple m1 max', 400],
  ['apple m1 pro', 200],
  ['apple m1', 68.25],
  // Intel Arc
  ['arc a770', 560],
  ['arc a750', 512],
  ['arc a380', 186],
];

const BY_KEY = new Map(GPU_BANDWIDTH_TABLE);
const VENDOR_WORDS = ['nvidia', 'geforce', 'amd', 'radeon', 'intel'] as const;

/** `NVIDIA GeForce RTX 4090` → `rtx 4090`: lower-case, vendor words deleted anywhere, spaces collapsed. */
export function normalizeGpuName(name: string): string {
  let s = name.toLowerCase();
  for (const word of VENDOR_WORDS) s = s.replaceAll(word, '');
  return s.split(/\s+/).filter((part) => part !== '').join(' ');
}

/** Table bandwidth for a GPU name: exact key, else the longest key inside the name; null if none. */
export function lookupGpuBandwidth(model: string): number | null {
  const name = normalizeGpuName(model);
  const exact = BY_KEY.get(name);
  if (exact !== undefined) return exact;
  let best: readonly [string, number] | null = null;
  for (const entry of GPU_BANDWIDTH_TABLE) {
    // Strictly longer only: on a tie the earlier row wins (Rust leaves it to hash-map order).
    if (name.includes(entry[0]) && (best === null || entry[0].length > best[0].length)) best = entry;
  }
  return best === null ? null : best[1];
}

/** Bandwidth guessed from VRAM when the name is unknown: 40 GB/s per GiB, 200 without VRAM. */
export function estimateBandwidthFromVram(vramMb: number | null): number {
  return vramMb === null || vramMb === 0 ? 200 : (vramMb / 1024) * 40;
}

/** The table, else the VRAM estimate (§9.3 `bandwidth_for_gpu`). */
export function bandwidthForGpu(model: string | null, vramMb: number | null): number {
  return (model === null ? null : lookupGpuBandwidth(model)) ?? estimateBandwidthFromVram(vramMb);
}
