import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  GPU_INFO_QUERY,
  GPU_INVENTORY_QUERY,
  GPU_METRICS_QUERY,
  parseGpuInfo,
  parseGpuInventory,
  parseGpuMetrics,
} from '../../../src-shared/domain/nvidia-smi';

// Fixtures are hand-written in nvidia-smi's `csv,noheader,nounits` format (", " separators,
// one GPU per line); no GPU was available to record them from.
const fixture = (name: string): string =>
  readFileSync(fileURLToPath(new URL(`../../fixtures/nvidia-smi/${name}`, import.meta.url)), 'utf8');

describe('query argument arrays', () => {
  it('match the Rust Island queries', () => {
    expect(GPU_INFO_QUERY).toEqual(['--query-gpu=name,memory.total', '--format=csv,noheader,nounits']);
    expect(GPU_METRICS_QUERY).toEqual([
      '--query-gpu=index,utilization.gpu,memory.used,memory.total,temperature.gpu,power.draw,power.limit',
      '--format=csv,noheader,nounits',
    ]);
    expect(GPU_INVENTORY_QUERY).toEqual([
      '--query-gpu=index,name,uuid,memory.total,compute_cap,driver_version',
      '--format=csv,noheader,nounits',
    ]);
  });
});

describe('parseGpuInfo (§3.2 vectors, §13 agent)', () => {
  it.each([
    ['NVIDIA GeForce RTX 3080, 10240\n', 'NVIDIA GeForce RTX 3080', 10240],
    ['', null, null],
    ['NVIDIA GeForce RTX 3080', null, null],
    ['NVIDIA A100, notanumber\n', 'NVIDIA A100', null],
    ['Tesla V100, 16384, 250\n', 'Tesla V100', 16384],
  ])('%j → (%s, %s)', (stdout, model, vramMb) => {
    expect(parseGpuInfo(stdout)).toEqual({ model, vramMb });
  });

  it('reads u32 like Rust: + allowed, negatives, decimals and overflow rejected', () => {
    expect(parseGpuInfo('X, +512').vramMb).toBe(512);
    expect(parseGpuInfo('X, -512').vramMb).toBeNull();
    expect(parseGpuInfo('X, 512.5').vramMb).toBeNull();
    expect(parseGpuInfo('X, 4294967296').vramMb).toBeNull();
    expect(parseGpuInfo('X, [N/A]').vramMb).toBeNull();
  });

  it('reports the first GPU only', () => {
    expect(parseGpuInfo(fixture('rtx4090-rtx3060.info.txt'))).toEqual({ model: 'NVIDIA GeForce RTX 4090', vramMb: 24564 });
    expect(parseGpuInfo(fixture('h100-idle.info.txt'))).toEqual({ model: 'NVIDIA H100 80GB HBM3', vramMb: 81559 });
    expect(parseGpuInfo('NVIDIA GeForce RTX 4090, 24564\r\nNVIDIA GeForce RTX 3060, 12288\r\n')).toEqual({
      model: 'NVIDIA GeForce RTX 4090',
      vramMb: 24564,
    });
  });
});

describe('parseGpuMetrics (§3.3, §13 metrics)', () => {
  it('parses the §13 metrics line', () => {
    expect(parseGpuMetrics('0, 45, 8192, 24576, 62, 150.00, 350.00')).toEqual([
      { index: 0, utilization_percent: 45, memory_used_mb: 8192, memory_total_mb: 24576, temperature_c: 62, power_draw_w: 150 },
    ]);
  });

  it('reads [N/A] and empty values as 0', () => {
    expect(parseGpuMetrics('0, [N/A], [N/A], 24576, , [N/A], [N/A]\n')).toEqual([
      { index: 0, utilization_percent: 0, memory_used_mb: 0, memory_total_mb: 24576, temperature_c: 0, power_draw_w: 0 },
    ]);
  });

  it('skips lines with fewer than 7 fields or a non-integer index', () => {
    expect(parseGpuMetrics('0, 45, 8192, 24576, 62, 150.00\n[N/A], 1, 2, 3, 4, 5.0, 6.0\n1.5, 1, 2, 3, 4, 5.0, 6.0\n\n')).toEqual([]);
  });

  it('keeps the decimals of power.draw', () => {
    expect(parseGpuMetrics('3, 1, 2, 3, 4, 287.46, 450.00')[0]?.power_draw_w).toBe(287.46);
  });

  it('parses a two-GPU box', () => {
    expect(parseGpuMetrics(fixture('rtx4090-rtx3060.metrics.txt'))).toEqual([
      { index: 0, utilization_percent: 97, memory_used_mb: 21874, memory_total_mb: 24564, temperature_c: 74, power_draw_w: 412.36 },
      { index: 1, utilization_percent: 0, memory_used_mb: 9, memory_total_mb: 12288, temperature_c: 36, power_draw_w: 15.42 },
    ]);
  });

  it('parses an idle H100', () => {
    expect(parseGpuMetrics(fixture('h100-idle.metrics.txt'))).toEqual([
      { index: 0, utilization_percent: 0, memory_used_mb: 1, memory_total_mb: 81559, temperature_c: 31, power_draw_w: 69.87 },
    ]);
  });

  it('parses a laptop GPU that reports power as [N/A]', () => {
    expect(parseGpuMetrics(fixture('gtx1650-laptop-na-power.metrics.txt'))).toEqual([
      { index: 0, utilization_percent: 4, memory_used_mb: 412, memory_total_mb: 4096, temperature_c: 47, power_draw_w: 0 },
    ]);
    expect(parseGpuInfo(fixture('gtx1650-laptop-na-power.info.txt'))).toEqual({ model: 'NVIDIA GeForce GTX 1650', vramMb: 4096 });
  });

  it('reads garbage and non-finite readings as 0', () => {
    expect(parseGpuMetrics('0, 45%, 1e3, 0x10, 62.5, inf, NaN')[0]).toEqual({
      index: 0,
      utilization_percent: 0,
      memory_used_mb: 0,
      memory_total_mb: 0,
      temperature_c: 0,
      power_draw_w: 0,
    });
  });
});

describe('parseGpuInventory', () => {
  it('parses the §13 gpu info line into all six fields', () => {
    expect(parseGpuInventory('0, NVIDIA GeForce RTX 3090, GPU-abc123, 24576, 8.6, 535.154.05')).toEqual([
      {
        index: 0,
        name: 'NVIDIA GeForce RTX 3090',
        uuid: 'GPU-abc123',
        memoryTotalMb: 24576,
        computeCap: '8.6',
        driverVersion: '535.154.05',
      },
    ]);
  });

  it('lists every GPU of a two-GPU box', () => {
    const gpus = parseGpuInventory(fixture('rtx4090-rtx3060.inventory.txt'));
    expect(gpus.map((g) => [g.index, g.name, g.memoryTotalMb, g.computeCap])).toEqual([
      [0, 'NVIDIA GeForce RTX 4090', 24564, '8.9'],
      [1, 'NVIDIA GeForce RTX 3060', 12288, '8.6'],
    ]);
    expect(gpus[1]?.uuid).toBe('GPU-e0a4c3d2-17b9-4c5f-8e21-6d3f9b0a7c45');
    expect(gpus.every((g) => g.driverVersion === '550.54.14')).toBe(true);
  });

  it('parses an H100', () => {
    expect(parseGpuInventory(fixture('h100-idle.inventory.txt'))).toEqual([
      {
        index: 0,
        name: 'NVIDIA H100 80GB HBM3',
        uuid: 'GPU-9f2d41c8-3a6e-b7d0-54e2-81c6f0a3d5b9',
        memoryTotalMb: 81559,
        computeCap: '9.0',
        driverVersion: '535.104.12',
      },
    ]);
  });

  it('skips short lines and bad indexes, and keeps a name with a comma whole', () => {
    expect(parseGpuInventory('0, A, GPU-1, 10\nx, A, GPU-1, 10, 8.6, 1\n')).toEqual([]);
    expect(parseGpuInventory('2, Odd, Name, GPU-2, [N/A], 8.0, 1.2')[0]).toMatchObject({
      index: 2,
      name: 'Odd, Name',
      uuid: 'GPU-2',
      memoryTotalMb: 0,
    });
  });
});
