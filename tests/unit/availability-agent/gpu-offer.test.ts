// The GPUs the owner offers, applied where a GPU could leave the Island: a container's device
// request, an inference process's CUDA environment, the heartbeat and the registration.
import { describe, expect, it } from 'vitest';
import { policyFromConfig } from '../../../src-shared/domain/availability/index';
import { islandConfigSchema } from '../../../src-shared/config/schema';
import { parseGpuInventory, parseGpuMetrics } from '../../../src-shared/domain/nvidia-smi';
import {
  containerGpuDevices,
  cudaEnv,
  EVERY_GPU,
  filterOfferedMetrics,
  identitiesOf,
  offeredCapabilities,
  offeredIndexes,
  type GpuOffer,
} from '../../../src-main/agent/availability/gpu-offer';
import { containerCreateOptions } from '../../../src-main/agent/runtimes/container/container-spec';
import { planSandbox, type OwnerLimits } from '../../../src-main/agent/runtimes/container/sandbox-plan';
import { readFileSync } from 'node:fs';
import path from 'node:path';

const FIX = path.join(import.meta.dirname, '..', '..', 'fixtures', 'nvidia-smi');
const inventory = parseGpuInventory(readFileSync(path.join(FIX, 'rtx4090-rtx3060.inventory.txt'), 'utf8'));
const metrics = parseGpuMetrics(readFileSync(path.join(FIX, 'rtx4090-rtx3060.metrics.txt'), 'utf8'));
const UUID0 = inventory[0]!.uuid;
const UUID1 = inventory[1]!.uuid;

function offerFor(toml: { gpu_devices?: string[]; exclude_gpus?: string[] }, withInventory = true): GpuOffer {
  const config = islandConfigSchema.parse({
    coordinator: { nats_url: 'nats://127.0.0.1:4222' },
    workload: toml.gpu_devices ? { gpu_devices: toml.gpu_devices } : {},
    availability: toml.exclude_gpus ? { exclude_gpus: toml.exclude_gpus } : {},
  });
  const selection = policyFromConfig(config.availability, config.workload).gpus;
  const gpus = withInventory ? identitiesOf(inventory, null) : [];
  return { everything: selection.kind === 'all' && selection.except.length === 0, except: selection.except, gpus, offered: offeredIndexes(selection, gpus) };
}

const owner: OwnerLimits = { memoryMb: 2048, readOnlyRootfs: true, tmpfsSizeMb: 64, cpuPercent: undefined, networkDisabled: true, gpuDevices: undefined };

function deviceRequests(gpuDevices: string[] | undefined) {
  return containerCreateOptions({ name: 'n', image: 'i', labels: {}, plan: planSandbox('standard', { ...owner, gpuDevices }, { nvidiaRuntime: true }), seccomp: '{}' }).HostConfig!.DeviceRequests;
}

describe('GPUs offered', () => {
  it('an excluded GPU (by index or by UUID) never reaches the container create options', () => {
    for (const excluded of ['0', UUID0, UUID0.toLowerCase()]) {
      const devices = containerGpuDevices(['0', '1'], offerFor({ gpu_devices: ['0', '1'], exclude_gpus: [excluded] }));
      expect(devices).toEqual(['1']);
      expect(deviceRequests(devices)).toEqual([{ Driver: 'nvidia', DeviceIDs: ['1'], Capabilities: [['gpu']] }]);
    }
  });

  it('"all" with an exclusion becomes the offered indexes; excluding every GPU sends no device request', () => {
    expect(deviceRequests(containerGpuDevices(['all'], offerFor({ gpu_devices: ['all'], exclude_gpus: [UUID1] })))).toEqual([{ Driver: 'nvidia', DeviceIDs: ['0'], Capabilities: [['gpu']] }]);
    expect(deviceRequests(containerGpuDevices(['all'], offerFor({ gpu_devices: ['all'] })))).toEqual([{ Driver: 'nvidia', Count: -1, Capabilities: [['gpu']] }]);
    expect(deviceRequests(containerGpuDevices(['0', '1'], offerFor({ gpu_devices: ['0', '1'], exclude_gpus: ['0', '1'] })))).toBeUndefined();
  });

  it('without an inventory, exclusions are honoured as written and "all" with exclusions offers nothing', () => {
    expect(containerGpuDevices(['0', '1'], offerFor({ gpu_devices: ['0', '1'], exclude_gpus: ['1'] }, false))).toEqual(['0']);
    expect(containerGpuDevices(['all'], offerFor({ gpu_devices: ['all'], exclude_gpus: ['1'] }, false))).toEqual([]);
    expect(containerGpuDevices(undefined, EVERY_GPU)).toBeUndefined();
  });

  it('an inference process sees only offered GPUs, by UUID (CUDA may number them differently), and all when none is excluded', () => {
    const offer = offerFor({ exclude_gpus: ['0'] });
    expect(cudaEnv(offer.gpus, offer.offered)).toEqual({ CUDA_VISIBLE_DEVICES: UUID1 });
    expect(cudaEnv([{ index: 0, uuid: null }, { index: 1, uuid: null }], new Set([1]))).toEqual({ CUDA_VISIBLE_DEVICES: '1', CUDA_DEVICE_ORDER: 'PCI_BUS_ID' });
    expect(cudaEnv(offer.gpus, new Set())).toEqual({ CUDA_VISIBLE_DEVICES: '' });
    expect(cudaEnv(offer.gpus, new Set([0, 1]))).toEqual({});
  });

  it('heartbeat metrics and the registration carry only offered GPUs', () => {
    const offer = offerFor({ exclude_gpus: ['0'] });
    expect(filterOfferedMetrics(metrics, offer)!.map((g) => g.index)).toEqual([1]);
    expect(filterOfferedMetrics(metrics, EVERY_GPU)).toBe(metrics);
    const caps = { gpu_model: 'NVIDIA GeForce RTX 4090', gpu_vram_mb: 24564, cpu_cores: 8, ram_mb: 32000, region: null };
    expect(offeredCapabilities(caps, inventory, offer.offered)).toMatchObject({ gpu_model: 'NVIDIA GeForce RTX 3060', gpu_vram_mb: 12288 });
    expect(offeredCapabilities(caps, inventory, new Set())).toMatchObject({ gpu_model: null, gpu_vram_mb: null });
  });
});
