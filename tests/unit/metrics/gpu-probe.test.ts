import { describe, expect, it } from 'vitest';
import { GpuProbe, type RunTool } from '../../../src-main/agent/metrics/gpu-probe';
import { recordedNvidiaSmi } from '../../helpers/recorded-nvidia-smi';
import { createTestLogger } from '../../helpers/test-logger';

function failing(stderr: string): RunTool {
  return async () => {
    throw Object.assign(new Error('Command failed: nvidia-smi'), { code: 9, stderr });
  };
}

describe('GpuProbe', () => {
  it('reads every GPU from nvidia-smi and caches metrics for 5 s', async () => {
    const calls: string[] = [];
    let now = 0;
    const probe = new GpuProbe({ run: recordedNvidiaSmi('rtx4090-rtx3060', calls), now: () => now });
    expect(await probe.info()).toEqual({ model: 'NVIDIA GeForce RTX 4090', vramMb: 24564 });
    expect((await probe.metrics())!.map((g) => g.index)).toEqual([0, 1]);
    now += 4_000;
    await probe.metrics();
    now += 2_000;
    await probe.metrics();
    expect(calls.filter((c) => c === 'metrics')).toHaveLength(2);
  });

  it('lists every GPU with its name and VRAM for the dashboard, and nothing without nvidia-smi', async () => {
    const probe = new GpuProbe({ run: recordedNvidiaSmi('rtx4090-rtx3060') });
    const gpus = await probe.inventory();
    expect(gpus?.map((g) => [g.index, g.name, g.memoryTotalMb])).toEqual([
      [0, 'NVIDIA GeForce RTX 4090', 24564],
      [1, 'NVIDIA GeForce RTX 3060', 12288],
    ]);
    const none = new GpuProbe({ run: failing(''), missingRetryMs: 60_000 });
    expect(await none.inventory()).toBeNull();
  });

  it('says once that a broken driver hides the GPUs, retries after a while, and says when it answers again', async () => {
    const log = createTestLogger();
    let now = 0;
    let run: RunTool = failing("NVIDIA-SMI has failed because it couldn't communicate with the NVIDIA driver.");
    const probe = new GpuProbe({ log, run: (f, a) => run(f, a), now: () => now, missingRetryMs: 60_000 });
    expect(await probe.metrics()).toBeNull();
    now += 61_000;
    expect(await probe.metrics()).toBeNull();
    const warnings = log.filter({ level: 'warn' });
    expect(warnings).toHaveLength(1);
    expect(warnings[0]!.fields.error).toMatch(/couldn't communicate with the NVIDIA driver/);
    run = recordedNvidiaSmi('h100-idle');
    now += 61_000;
    expect(await probe.metrics()).toHaveLength(1);
    expect(log.has({ level: 'info', msg: 'nvidia-smi answers again' })).toBe(true);
  });

  it('is quiet when there is no nvidia-smi at all (no NVIDIA GPU is normal)', async () => {
    const log = createTestLogger();
    const probe = new GpuProbe({
      log,
      run: async () => {
        throw Object.assign(new Error('spawn nvidia-smi ENOENT'), { code: 'ENOENT' });
      },
    });
    expect(await probe.info()).toEqual({ model: null, vramMb: null });
    expect(await probe.metrics()).toBeNull();
    expect(log.records).toEqual([]);
  });
});
