import { act, cleanup, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import HardwareScreen from '../../../src-renderer/src/screens/hardware/HardwareScreen';
import { FakeIslandApi } from '../fake-api';
import { hardware, sample, T0 } from '../fixtures';
import { renderWithApi } from '../render';

afterEach(cleanup);

describe('Hardware screen', () => {
  it('shows CPU, RAM and each GPU with its latest temperature and utilisation, and charts over time', async () => {
    const info = hardware({ gpus: [{ index: 0, name: 'NVIDIA GeForce RTX 4090', vramMb: 24_564, offered: true }, { index: 1, name: 'NVIDIA RTX A4000', vramMb: 16_376, offered: false }] });
    const api = new FakeIslandApi({ 'hardware.get': () => ({ info, samples: [sample(T0), sample(T0 + 5000)] }) });
    renderWithApi(<HardwareScreen />, api);
    expect((await screen.findByTestId('cpu-model')).textContent).toBe('AMD Ryzen 9 7950X (16 cores)');
    expect(screen.getByTestId('ram-total').textContent).toBe('64.0 GB');
    expect(screen.getByTestId('gpu-0').textContent).toContain('GPU 0: NVIDIA GeForce RTX 4090');
    expect(screen.getByTestId('gpu-1').textContent).toContain('not offered');
    expect(screen.getByTestId('gpu-now-0').textContent).toContain('61 °C · 40% busy');
    expect(screen.getByRole('img', { name: 'GPU 0 temperature and utilisation over time' })).toBeTruthy();
    expect(screen.getByRole('img', { name: 'CPU and memory use over time' })).toBeTruthy();

    act(() => api.emit({ type: 'metrics', sample: sample(T0 + 10_000, { cpuPercent: 77, gpus: [{ index: 0, utilizationPercent: 99, temperatureC: 83, memoryUsedMb: 20_000, powerW: 430 }] }) }));
    await waitFor(() => expect(screen.getByTestId('gpu-now-0').textContent).toContain('83 °C · 99% busy'));
    expect(screen.getByTestId('system-now').textContent).toContain('CPU 77%');
  });

  it('says so when there is no GPU', async () => {
    renderWithApi(<HardwareScreen />, new FakeIslandApi({ 'hardware.get': () => ({ info: hardware({ gpus: [] }), samples: [] }) }));
    expect(await screen.findByText(/No GPU was detected/)).toBeTruthy();
    expect(screen.getByText('No samples yet.')).toBeTruthy();
  });
});
