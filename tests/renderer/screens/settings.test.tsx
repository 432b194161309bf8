import { cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { ApiCallError } from '../../../src-shared/api/client';
import type { SettingsView } from '../../../src-shared/api/views';
import SettingsScreen from '../../../src-renderer/src/screens/settings/SettingsScreen';
import { FakeIslandApi } from '../fake-api';
import { hardware, settings } from '../fixtures';
import { renderWithApi } from '../render';

afterEach(cleanup);

function agent(initial: SettingsView = settings()) {
  let view = initial;
  return new FakeIslandApi({
    'settings.get': () => view,
    'hardware.get': () => ({
      info: hardware({ gpus: [{ index: 0, name: 'NVIDIA GeForce RTX 4090', vramMb: 24_564, offered: true }, { index: 1, name: 'NVIDIA RTX A4000', vramMb: 16_376, offered: true }] }),
      samples: [],
    }),
    'settings.set': (p) => {
      const { natsUrl, ...rest } = p;
      view = { ...view, ...rest, ...(natsUrl ? { natsUrl: natsUrl.replace(/\/\/[^@/]*@/, '//'), natsHasCredentials: /\/\/[^@/]*@/.test(natsUrl) || view.natsHasCredentials } : {}) } as SettingsView;
      return { settings: view, restartRequired: natsUrl !== undefined };
    },
  });
}

const input = (label: string) => screen.getByLabelText(label) as HTMLInputElement;
const save = () => fireEvent.click(screen.getByRole('button', { name: 'Save settings' }));

describe('Settings screen', () => {
  it('shows the settings, with credentials write-only ("credentials set", empty field)', async () => {
    renderWithApi(<SettingsScreen />, agent());
    expect((await screen.findByLabelText('Coordinator URL')) as HTMLInputElement).toHaveProperty('value', 'nats://sail.archipelag.io:4222');
    expect(screen.getByTestId('credentials-set').textContent).toBe('credentials set');
    expect(input('Credentials').value).toBe('');
    expect(input('Credentials').type).toBe('password');
    expect(input('Coordinator API URL').value).toBe('https://app.archipelag.io');
    expect(input('Memory limit per job (MB)').value).toBe('8192');
    expect(input('CPU limit (% of the machine)').value).toBe('80');
    expect(input('Jobs at once').value).toBe('2');
    expect(input('Model cache size (GB)').value).toBe('20');
    expect(input('Image cache size (GB)').value).toBe('50');
    expect(input('No network for Cargos').checked).toBe(true);
    await waitFor(() => expect((screen.getByLabelText('GPU 1: NVIDIA RTX A4000') as HTMLInputElement).checked).toBe(true));
  });

  it('sends only what changed; an empty credentials field keeps them, typed ones go into the URL', async () => {
    const api = agent();
    renderWithApi(<SettingsScreen />, api);
    fireEvent.change(await screen.findByLabelText('Memory limit per job (MB)'), { target: { value: '4096' } });
    fireEvent.change(input('CPU limit (% of the machine)'), { target: { value: '' } });
    save();
    await waitFor(() => expect(api.callsOf('settings.set')).toEqual([{ memoryMb: 4096, cpuPercent: null }]));
    expect(await screen.findByTestId('settings-saved')).toBeTruthy();
    expect(input('Memory limit per job (MB)').value).toBe('4096');

    fireEvent.change(input('Credentials'), { target: { value: 'island:s3cr3t/+' } });
    save();
    await waitFor(() => expect(api.callsOf('settings.set')[1]).toEqual({ natsUrl: 'nats://island:s3cr3t%2F%2B@sail.archipelag.io:4222' }));
    // The answer says a restart is needed; the credentials never come back into the form.
    expect((await screen.findByTestId('restart-required')).textContent).toBe('Saved. Restart the Island for these settings to take effect.');
    expect(input('Credentials').value).toBe('');
  });

  it('warns that a new coordinator URL starts without the stored credentials', async () => {
    renderWithApi(<SettingsScreen />, agent());
    fireEvent.change(await screen.findByLabelText('Coordinator URL'), { target: { value: 'nats://other.example:4222' } });
    expect(screen.getByTestId('credentials-dropped').textContent).toContain('type them again');
    fireEvent.change(input('Credentials'), { target: { value: 'u:p' } });
    expect(screen.queryByTestId('credentials-dropped')).toBeNull();
  });

  it('validates before sending: whole numbers, the agent schema\'s ranges, URLs, at least one GPU', async () => {
    const api = agent();
    renderWithApi(<SettingsScreen />, api);
    fireEvent.change(await screen.findByLabelText('Memory limit per job (MB)'), { target: { value: '100' } });
    fireEvent.change(input('CPU limit (% of the machine)'), { target: { value: '150' } });
    fireEvent.change(input('Model cache size (GB)'), { target: { value: '2.5' } });
    fireEvent.change(input('Coordinator URL'), { target: { value: 'http://example.com' } });
    fireEvent.change(input('Coordinator API URL'), { target: { value: 'ftp://x' } });
    await waitFor(() => expect(screen.getByLabelText('GPU 0: NVIDIA GeForce RTX 4090')).toBeTruthy());
    fireEvent.click(screen.getByLabelText('GPU 0: NVIDIA GeForce RTX 4090'));
    fireEvent.click(screen.getByLabelText('GPU 1: NVIDIA RTX A4000'));
    save();
    const errorOf = (label: string) => document.getElementById(input(label).getAttribute('aria-describedby')!.split(' ').at(-1)!)!.textContent;
    await waitFor(() => expect(errorOf('Memory limit per job (MB)')).toBe('must be at least 256'));
    expect(errorOf('CPU limit (% of the machine)')).toBe('must be at most 100');
    expect(errorOf('Model cache size (GB)')).toBe('"2.5" is not a whole number');
    expect(errorOf('Coordinator URL')).toBe('use a nats://, tls://, ws:// or wss:// URL');
    expect(errorOf('Coordinator API URL')).toBe('use an http:// or https:// URL, or leave it empty');
    expect(screen.getByText('offer at least one GPU, or pause the Island instead')).toBeTruthy();
    expect(input('Memory limit per job (MB)').getAttribute('aria-invalid')).toBe('true');
    expect(api.callsOf('settings.set')).toEqual([]);
  });

  it('offers a subset of GPUs as gpuDevices, and all of them again as null', async () => {
    const api = agent();
    renderWithApi(<SettingsScreen />, api);
    await waitFor(() => expect(screen.getByLabelText('GPU 1: NVIDIA RTX A4000')).toBeTruthy());
    fireEvent.click(screen.getByLabelText('GPU 1: NVIDIA RTX A4000'));
    save();
    await waitFor(() => expect(api.callsOf('settings.set')).toEqual([{ gpuDevices: ['0'] }]));
    await waitFor(() => expect((screen.getByLabelText('GPU 1: NVIDIA RTX A4000') as HTMLInputElement).checked).toBe(false));
    fireEvent.click(screen.getByLabelText('GPU 1: NVIDIA RTX A4000'));
    save();
    await waitFor(() => expect(api.callsOf('settings.set')[1]).toEqual({ gpuDevices: null }));
  });

  it('shows an agent refusal under the field it names', async () => {
    const api = agent();
    api.handlers['settings.set'] = () => Promise.reject(new ApiCallError({ code: 'bad-request', message: 'params.apiUrl: host not reachable from this machine', field: 'params.apiUrl' }));
    renderWithApi(<SettingsScreen />, api);
    fireEvent.change(await screen.findByLabelText('Coordinator API URL'), { target: { value: 'https://coordinator.example' } });
    save();
    expect((await screen.findByRole('alert')).textContent).toBe('params.apiUrl: host not reachable from this machine');
    expect(input('Coordinator API URL').getAttribute('aria-invalid')).toBe('true');
  });
});
