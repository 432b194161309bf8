import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import OverviewScreen from '../../../src-renderer/src/screens/overview/OverviewScreen';
import { FakeIslandApi } from '../fake-api';
import { status } from '../fixtures';
import { renderWithApi } from '../render';

afterEach(cleanup);

describe('Overview screen', () => {
  it('renders phase, reason, coordinator, runtimes, host id and version from status.get', async () => {
    const api = new FakeIslandApi({ 'status.get': () => status() });
    renderWithApi(<OverviewScreen />, api);
    expect(await screen.findByTestId('phase')).toHaveProperty('textContent', 'Online');
    expect(screen.getByTestId('availability-reason').textContent).toBe('Taking jobs');
    expect(screen.getByTestId('nats-rtt').textContent).toBe('23 ms');
    expect(screen.getByTestId('coordinator-connected').textContent).toBe('Connected');
    expect(screen.getByTestId('host-id').textContent).toBe('6f1c2a4e-8d0b-4c7e-9a51-2b3c4d5e6f70');
    expect(screen.getByTestId('version').textContent).toBe('0.5.0');
    const llm = screen.getByTestId('runtime-llmcpp');
    expect(within(llm).getByText('unavailable')).toBeTruthy();
    expect(within(llm).getByText('no model runtime in this build')).toBeTruthy();
    expect(screen.getByTestId('active-job-count').textContent).toBe('0 of 2');
  });

  it('follows status events: a pushed phase and active job replace what was loaded', async () => {
    const api = new FakeIslandApi({ 'status.get': () => status() });
    renderWithApi(<OverviewScreen />, api);
    await screen.findByTestId('phase');
    api.emit({
      type: 'status',
      status: status({ phase: 'working', activeJobs: [{ jobId: 'j1', workloadId: 'gguf-mistral-7b', runtime: 'llmcpp', startedAt: Date.now() - 5000, tokens: 42 }] }),
    });
    await waitFor(() => expect(screen.getByTestId('phase').textContent).toBe('Working'));
    expect(screen.getByTestId('active-job-count').textContent).toBe('1 of 2');
    expect(screen.getByText('gguf-mistral-7b')).toBeTruthy();
  });

  it('the toggle pauses through availability.set and shows the answer; pause for 1 h sends forMinutes 60', async () => {
    const api = new FakeIslandApi({
      'status.get': () => status(),
      'availability.set': (p) =>
        status({
          phase: p.mode === 'paused' ? 'paused' : 'online',
          availability: { mode: p.mode, pausedUntil: p.forMinutes ? Date.now() + p.forMinutes * 60_000 : null, takingJobs: p.mode === 'online', reason: p.mode === 'paused' ? 'Paused by you' : 'Taking jobs' },
        }),
    });
    renderWithApi(<OverviewScreen />, api);
    const toggle = await screen.findByRole('switch', { name: 'Available for jobs' });
    expect(toggle.getAttribute('aria-checked')).toBe('true');
    fireEvent.click(toggle);
    await waitFor(() => expect(screen.getByTestId('phase').textContent).toBe('Paused'));
    expect(api.callsOf('availability.set')).toEqual([{ mode: 'paused' }]);
    expect(screen.getByRole('switch', { name: 'Available for jobs' }).getAttribute('aria-checked')).toBe('false');
    expect(screen.getByTestId('availability-reason').textContent).toBe('Paused by you');

    fireEvent.click(screen.getByRole('switch', { name: 'Available for jobs' }));
    await waitFor(() => expect(screen.getByTestId('phase').textContent).toBe('Online'));
    fireEvent.click(screen.getByRole('button', { name: 'Pause for 1 h' }));
    await waitFor(() => expect(screen.getByText(/Resumes by itself at/)).toBeTruthy());
    expect(api.callsOf('availability.set')).toEqual([{ mode: 'paused' }, { mode: 'online' }, { mode: 'paused', forMinutes: 60 }]);
  });

  it('shows the deciding rule and a live countdown to the next change from status.availability', async () => {
    const api = new FakeIslandApi({
      'status.get': () =>
        status({
          phase: 'paused',
          availability: { mode: 'paused', pausedUntil: Date.now() + 90_000, takingJobs: false, reason: 'Paused by you until 14:30', decidedBy: 'manual', nextChangeAt: Date.now() + 90_000, countdownMs: 90_000 },
        }),
    });
    renderWithApi(<OverviewScreen />, api);
    expect((await screen.findByTestId('availability-rule')).textContent).toBe('Decided by: Your choice (online or pause)');
    expect(screen.getByTestId('availability-countdown').textContent).toBe('Pause ends in 1:30');
    await waitFor(() => expect(screen.getByTestId('availability-countdown').textContent).toBe('Pause ends in 1:29'), { timeout: 3000 });
    // An answer with no time-based change has no countdown.
    api.emit({ type: 'status', status: status({ availability: { mode: 'online', pausedUntil: null, takingJobs: true, reason: 'Online', decidedBy: 'online', nextChangeAt: null, countdownMs: null } }) });
    await waitFor(() => expect(screen.queryByTestId('availability-countdown')).toBeNull());
    expect(screen.getByTestId('availability-rule').textContent).toBe('Decided by: No rule holds it back');
  });

  it('says why a change failed instead of flipping the switch', async () => {
    const api = new FakeIslandApi({ 'status.get': () => status(), 'availability.set': () => Promise.reject(new Error('the Island is stopping')) });
    renderWithApi(<OverviewScreen />, api);
    fireEvent.click(await screen.findByRole('switch', { name: 'Available for jobs' }));
    expect((await screen.findByRole('alert')).textContent).toContain('the Island is stopping');
    expect(screen.getByRole('switch', { name: 'Available for jobs' }).getAttribute('aria-checked')).toBe('true');
  });

  it('shows the load error with a retry that calls status.get again', async () => {
    let fail = true;
    const api = new FakeIslandApi({ 'status.get': () => (fail ? Promise.reject(new Error('boom')) : status()) });
    renderWithApi(<OverviewScreen />, api);
    expect((await screen.findByRole('alert')).textContent).toContain('boom');
    fail = false;
    fireEvent.click(screen.getByRole('button', { name: 'Try again' }));
    expect(await screen.findByTestId('phase')).toBeTruthy();
    expect(api.callsOf('status.get')).toHaveLength(2);
  });
});
