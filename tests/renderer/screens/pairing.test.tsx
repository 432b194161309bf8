import { act, cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { create } from 'qrcode';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import PairingScreen from '../../../src-renderer/src/screens/pairing/PairingScreen';
import { FakeIslandApi } from '../fake-api';
import { status } from '../fixtures';
import { renderWithApi } from '../render';
import { matrixFromPath } from '../qr-matrix';

const NOW = Date.parse('2026-05-04T10:00:00Z');

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date', 'setInterval', 'clearInterval'] });
  vi.setSystemTime(NOW);
});
afterEach(() => {
  cleanup();
  vi.useRealTimers();
});

const withCode = (code: string, expiresAt: number, pairUrl = `https://app.archipelag.io/pair?code=${code}`) => status({ pairing: { state: 'code', code, pairUrl, expiresAt } });

describe('Pairing screen', () => {
  it('shows the code, a QR of pair_url that encodes exactly that URL, and a countdown that runs out', async () => {
    const api = new FakeIslandApi({ 'status.get': () => withCode('A3X9K2', NOW + 90_000) });
    renderWithApi(<PairingScreen />, api);
    expect((await screen.findByTestId('pairing-code')).textContent).toBe('A3X9K2');
    const holder = screen.getByTestId('pairing-qr');
    expect(holder.getAttribute('data-pair-url')).toBe('https://app.archipelag.io/pair?code=A3X9K2');
    const qr = screen.getByRole('img', { name: 'QR code of the pairing link https://app.archipelag.io/pair?code=A3X9K2' });
    // The drawn modules are the QR symbol of pair_url, module for module.
    const path = qr.querySelector('path')!.getAttribute('d')!;
    const expected = create('https://app.archipelag.io/pair?code=A3X9K2', { errorCorrectionLevel: 'M' }).modules;
    expect(matrixFromPath(path, expected.size)).toEqual(Array.from(expected.data, (b) => (b ? 1 : 0)));
    expect(screen.getByTestId('pairing-link').getAttribute('href')).toBe('https://app.archipelag.io/pair?code=A3X9K2');

    expect(screen.getByTestId('pairing-countdown').textContent).toBe('Expires in 1:30');
    act(() => vi.advanceTimersByTime(31_000));
    expect(screen.getByTestId('pairing-countdown').textContent).toBe('Expires in 0:59');
    act(() => vi.advanceTimersByTime(60_000));
    expect(screen.getByTestId('pairing-countdown').textContent).toBe('This code has expired. Get a new one.');
  });

  it('"New code" calls pairing.refresh and shows the new code, QR and countdown', async () => {
    const api = new FakeIslandApi({
      'status.get': () => withCode('A3X9K2', NOW - 1000),
      'pairing.refresh': () => ({ state: 'code', code: '9RUGCQ', pairUrl: 'https://app.archipelag.io/pair?code=9RUGCQ', expiresAt: Date.now() + 600_000 }),
    });
    renderWithApi(<PairingScreen />, api);
    fireEvent.click(await screen.findByRole('button', { name: 'New code' }));
    await waitFor(() => expect(screen.getByTestId('pairing-code').textContent).toBe('9RUGCQ'));
    expect(api.callsOf('pairing.refresh')).toHaveLength(1);
    expect(screen.getByTestId('pairing-qr').getAttribute('data-pair-url')).toBe('https://app.archipelag.io/pair?code=9RUGCQ');
    expect(screen.getByTestId('pairing-countdown').textContent).toBe('Expires in 10:00');
  });

  it('shows the paired state once paired (a status event), and the reason when unpaired', async () => {
    const api = new FakeIslandApi({ 'status.get': () => status({ pairing: { state: 'unpaired', reason: 'The coordinator does not support pairing yet.' } }) });
    renderWithApi(<PairingScreen />, api);
    expect((await screen.findByTestId('pairing-state-unpaired')).textContent).toContain('The coordinator does not support pairing yet.');
    act(() => api.emit({ type: 'status', status: status({ pairing: { state: 'paired', accountId: 'acct-42', pairedAt: null } }) }));
    await waitFor(() => expect(screen.getByTestId('pairing-state-paired').textContent).toContain('linked to your Archipelag.io account (acct-42)'));
    expect(screen.queryByTestId('pairing-qr')).toBeNull();
  });

  it('says why a new code could not be had', async () => {
    const api = new FakeIslandApi({ 'status.get': () => withCode('A3X9K2', NOW + 1000), 'pairing.refresh': () => Promise.reject(new Error('coordinator unreachable')) });
    renderWithApi(<PairingScreen />, api);
    fireEvent.click(await screen.findByRole('button', { name: 'New code' }));
    expect((await screen.findByRole('alert')).textContent).toBe('Could not get a new code: coordinator unreachable');
  });
});
