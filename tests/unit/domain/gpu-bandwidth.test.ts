import { describe, expect, it } from 'vitest';
import {
  bandwidthForGpu,
  estimateBandwidthFromVram,
  GPU_BANDWIDTH_TABLE,
  lookupGpuBandwidth,
  normalizeGpuName,
} from '../../../src-shared/domain/gpu-bandwidth';

describe('normalizeGpuName', () => {
  it('lower-cases, drops vendor words and collapses spaces', () => {
    expect(normalizeGpuName('NVIDIA GeForce RTX 4090')).toBe('rtx 4090');
    expect(normalizeGpuName('  AMD   Radeon RX 7900 XTX ')).toBe('rx 7900 xtx');
    expect(normalizeGpuName('Intel(R) Arc(TM) A770 Graphics')).toBe('(r) arc(tm) a770 graphics');
    expect(normalizeGpuName('NVIDIA H100 80GB HBM3')).toBe('h100 80gb hbm3');
  });

  it('deletes vendor words even inside other words', () => {
    expect(normalizeGpuName('NVIDIAGeForceRTX 3080')).toBe('rtx 3080');
  });
});

describe('the §9.3 table', () => {
  it('has unique, already-normalised keys', () => {
    const keys = GPU_BANDWIDTH_TABLE.map(([k]) => k);
    expect(new Set(keys).size).toBe(keys.length);
    for (const key of keys) expect(normalizeGpuName(key)).toBe(key);
  });

  it('holds the reference values, in table order', () => {
    expect(GPU_BANDWIDTH_TABLE).toHaveLength(99);
    expect(GPU_BANDWIDTH_TABLE[0]).toEqual(['h100 sxm', 3350]);
    expect(GPU_BANDWIDTH_TABLE.at(-1)).toEqual(['arc a380', 186]);
    const table = new Map(GPU_BANDWIDTH_TABLE);
    expect(table.get('rtx 4080')).toBe(716.8);
    expect(table.get('rtx 3090')).toBe(936.2);
    expect(table.get('gtx 1070 ti')).toBe(256.3);
    expect(table.get('apple m1')).toBe(68.25);
    expect(table.get('apple m4 ultra')).toBe(819.2);
    expect(table.get('mi300x')).toBe(5300);
  });
});

describe('lookupGpuBandwidth (§13 metrics)', () => {
  it('NVIDIA GeForce RTX 3090 → 936.2', () => {
    expect(lookupGpuBandwidth('NVIDIA GeForce RTX 3090')).toBe(936.2);
  });

  it('lower-case nvidia geforce rtx 4090 → 1008', () => {
    expect(lookupGpuBandwidth('nvidia geforce rtx 4090')).toBe(1008);
  });

  it('Mystery GPU 9000 → none', () => {
    expect(lookupGpuBandwidth('Mystery GPU 9000')).toBeNull();
  });

  it('picks the longest key inside the name', () => {
    expect(lookupGpuBandwidth('NVIDIA H100 80GB HBM3')).toBe(3350);
    expect(lookupGpuBandwidth('NVIDIA H100 PCIe')).toBe(2039);
    expect(lookupGpuBandwidth('NVIDIA A100-SXM4-80GB')).toBe(2039);
    expect(lookupGpuBandwidth('NVIDIA A100 80GB PCIe')).toBe(2039);
    expect(lookupGpuBandwidth('NVIDIA A100-PCIE-40GB')).toBe(2039);
    expect(lookupGpuBandwidth('NVIDIA GeForce RTX 4060 Laptop GPU')).toBe(272);
    expect(lookupGpuBandwidth('NVIDIA GeForce RTX 4070 Ti SUPER')).toBe(672);
    expect(lookupGpuBandwidth('NVIDIA RTX A6000')).toBe(768);
    expect(lookupGpuBandwidth('Tesla T4')).toBe(320);
    expect(lookupGpuBandwidth('NVIDIA L40S')).toBe(864);
    expect(lookupGpuBandwidth('NVIDIA A10G')).toBe(600);
  });

  it('breaks a length tie by table order', () => {
    // "a40" and "a30" are both 3 long; a40 comes first in the table.
    expect(lookupGpuBandwidth('a30 a40')).toBe(696);
    expect(lookupGpuBandwidth('a40 a30')).toBe(696);
  });
});

describe('bandwidthForGpu (§9.3, §13 metrics)', () => {
  it('uses the table for a known model', () => {
    expect(bandwidthForGpu('NVIDIA GeForce RTX 4090', 24576)).toBe(1008);
    expect(bandwidthForGpu('RTX 3080', 10240)).toBe(760.3);
  });

  it('estimates from VRAM for an unknown model', () => {
    expect(bandwidthForGpu('Unknown GPU', 8192)).toBe(320);
    expect(bandwidthForGpu(null, 8192)).toBe(320);
  });

  it('(none, none) → 200', () => {
    expect(bandwidthForGpu(null, null)).toBe(200);
  });

  it('VRAM estimate: 24576 → 960, 0 → 200', () => {
    expect(estimateBandwidthFromVram(24576)).toBe(960);
    expect(estimateBandwidthFromVram(0)).toBe(200);
    expect(estimateBandwidthFromVram(null)).toBe(200);
    expect(bandwidthForGpu('Mystery GPU 9000', 0)).toBe(200);
  });
});
