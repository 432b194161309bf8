import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { ApiCallError } from '../../../src-shared/api/client';
import type { AvailabilityPolicyView, AvailabilitySettings, AvailabilityView } from '../../../src-shared/api/views';
import { AlertsProvider } from '../../../src-renderer/src/alerts/alerts-context';
import AvailabilityScreen from '../../../src-renderer/src/screens/availability/AvailabilityScreen';
import { FakeIslandApi } from '../fake-api';
import { availabilitySettings, availabilityStatus, hardware, status } from '../fixtures';
import { renderWithApi } from '../render';

afterEach(cleanup);

/** An agent that keeps the policy: setPolicy applies the changes as the real one does (null removes a key). */
function agent(initial: AvailabilitySettings = availabilitySettings(), decision: AvailabilityView = availabilityStatus()) {
  let settings = initial;
  const view = (restartRequired = false): AvailabilityPolicyView => ({ settings, status: decision, restartRequired });
  return new FakeIslandApi({
    'status.get': () =>
      status({
        availability: decision,
        hardware: hardware({ gpus: [{ index: 0, name: 'NVIDIA GeForce RTX 4090', vramMb: 24_564, offered: true }, { index: 1, name: 'NVIDIA GeForce RTX 3060', vramMb: 12_288, offered: true }] }),
      }),
    'availability.get': () => view(),
    'availability.setPolicy': (p) => {
      const next: Record<string, unknown> = { ...settings };
      for (const [k, v] of Object.entries(p)) {
        if (v === null) delete next[k];
        else if (v !== undefined) next[k] = v;
      }
      const gpusChanged = p.exclude_gpus !== undefined;
      settings = next as AvailabilitySettings;
      return view(gpusChanged);
    },
    'availability.set': (p) =>
      status({ phase: p.mode === 'paused' ? 'paused' : 'online', availability: availabilityStatus({ mode: p.mode, takingJobs: p.mode === 'online', pausedUntil: p.forMinutes ? Date.now() + p.forMinutes * 60_000 : null, decidedBy: 'manual', reason: p.mode === 'paused' ? 'Paused by you' : 'Online' }) }),
  });
}

function renderScreen(api: FakeIslandApi) {
  return renderWithApi(
    <AlertsProvider>
      <AvailabilityScreen />
    </AlertsProvider>,
    api,
  );
}

const input = (label: string) => screen.getByLabelText(label) as HTMLInputElement;
const save = () => fireEvent.click(screen.getByRole('button', { name: 'Save policy' }));
/** The error text tied to a field through aria-describedby. */
const errorOf = (label: string) => {
  const ids = input(label).getAttribute('aria-describedby')?.split(' ') ?? [];
  return ids.map((id) => document.getElementById(id)).find((el) => el?.classList.contains('field-error'))?.textContent ?? null;
};

describe('Availability screen', () => {
  it('shows the decision big: not taking jobs, the agent\'s reason, the rule, and a countdown that ticks', async () => {
    const api = agent(
      availabilitySettings({ schedule: [{ days: ['sat', 'sun'], start: '08:00', end: '20:00' }] }),
      availabilityStatus({ takingJobs: false, decidedBy: 'schedule', reason: 'Outside your schedule (next window Sat 08:00)', nextChangeAt: Date.now() + 125_000, countdownMs: 125_000 }),
    );
    renderScreen(api);
    expect((await screen.findByTestId('decision-answer')).textContent).toBe('Not taking jobs');
    expect(screen.getByTestId('decision-reason').textContent).toBe('Outside your schedule (next window Sat 08:00)');
    expect(screen.getByTestId('decision-rule').textContent).toBe('Schedule');
    expect(screen.getByText('Next window opens in')).toBeTruthy();
    expect(screen.getByTestId('decision-countdown').textContent).toBe('2:05');
    // It counts down live, without a new answer from the agent.
    await waitFor(() => expect(screen.getByTestId('decision-countdown').textContent).toBe('2:04'), { timeout: 3000 });

    // A status event with a new answer replaces it.
    api.emit({ type: 'status', status: status({ availability: availabilityStatus({ takingJobs: true, decidedBy: 'online', reason: 'Online until 20:00 (your schedule)', nextChangeAt: Date.now() + 3_600_000, countdownMs: 3_600_000 }) }) });
    await waitFor(() => expect(screen.getByTestId('decision-answer').textContent).toBe('Available for jobs'));
    expect(screen.getByTestId('decision-reason').textContent).toBe('Online until 20:00 (your schedule)');
    expect(screen.getByTestId('decision-countdown').textContent).toBe('1:00:00');
    expect(screen.getByText('Schedule window ends in')).toBeTruthy();
  });

  it('loads the saved policy into the form', async () => {
    renderScreen(
      agent(
        availabilitySettings({
          timezone: 'Europe/Berlin',
          schedule: [{ days: ['mon', 'fri'], start: '18:00', end: '02:00' }],
          idle_only: true,
          idle_minutes: 15,
          game_mode: true,
          game_processes: ['eldenring.exe', 'cs2'],
          thermal_pause_c: 83,
          thermal_resume_c: 70,
          power_limit_w: 300,
          on_pause: 'cancel',
          unload_models_on_pause: true,
          exclude_gpus: ['1'],
        }),
      ),
    );
    expect(((await screen.findByLabelText('Time zone')) as HTMLSelectElement).value).toBe('Europe/Berlin');
    const w = screen.getByTestId('window-0');
    expect(within(w).getByLabelText('Mon')).toHaveProperty('checked', true);
    expect(within(w).getByLabelText('Tue')).toHaveProperty('checked', false);
    expect(within(w).getByLabelText('Fri')).toHaveProperty('checked', true);
    expect(input('Window 1 start').value).toBe('18:00');
    expect(input('Window 1 end').value).toBe('02:00');
    expect(input('Take jobs only while the computer is idle').checked).toBe(true);
    expect(input('Idle for (minutes)').value).toBe('15');
    expect((screen.getByLabelText('Game processes (one per line)') as HTMLTextAreaElement).value).toBe('eldenring.exe\ncs2');
    expect(input('Pause above (°C)').value).toBe('83');
    expect(input('Resume below (°C)').value).toBe('70');
    expect(input('Power limit per GPU (W)').value).toBe('300');
    expect(input('Cancel running jobs at once').checked).toBe(true);
    expect(input('Unload models to free GPU memory').checked).toBe(true);
    await waitFor(() => expect(input('Offer GPU 1: NVIDIA GeForce RTX 3060').checked).toBe(false));
    expect(input('Offer GPU 0: NVIDIA GeForce RTX 4090').checked).toBe(true);
  });

  it('editing the schedule and saving sends only the changed keys to availability.setPolicy', async () => {
    const api = agent();
    renderScreen(api);
    expect(await screen.findByTestId('schedule-empty')).toBeTruthy();
    fireEvent.change(screen.getByLabelText('Time zone'), { target: { value: 'America/New_York' } });
    fireEvent.click(screen.getByRole('button', { name: 'Add a window' }));
    fireEvent.click(screen.getByRole('button', { name: 'Add a window' }));
    // Window 1: the weekend, all day; window 2: weekday evenings past midnight.
    const w1 = screen.getByTestId('window-0');
    for (const d of ['Mon', 'Tue', 'Wed', 'Thu', 'Fri']) fireEvent.click(within(w1).getByLabelText(d));
    fireEvent.click(within(w1).getByLabelText('Sun'));
    fireEvent.click(within(w1).getByLabelText('Sat'));
    fireEvent.change(input('Window 1 start'), { target: { value: '00:00' } });
    fireEvent.change(input('Window 1 end'), { target: { value: '24:00' } });
    fireEvent.change(input('Window 2 start'), { target: { value: '19:30' } });
    fireEvent.change(input('Window 2 end'), { target: { value: '01:00' } });
    save();
    await waitFor(() =>
      expect(api.callsOf('availability.setPolicy')).toEqual([
        {
          timezone: 'America/New_York',
          schedule: [
            { days: ['sat', 'sun'], start: '00:00', end: '24:00' },
            { days: ['mon', 'tue', 'wed', 'thu', 'fri'], start: '19:30', end: '01:00' },
          ],
        },
      ]),
    );
    expect((await screen.findByTestId('policy-saved')).textContent).toBe('Saved. The Island applies it now.');
    // The form restarts from what the agent now holds; removing a window and saving sends the rest.
    expect(input('Window 2 start').value).toBe('19:30');
    fireEvent.click(screen.getByRole('button', { name: 'Remove window 1' }));
    fireEvent.change(screen.getByLabelText('Time zone'), { target: { value: '' } });
    save();
    await waitFor(() => expect(api.callsOf('availability.setPolicy')[1]).toEqual({ timezone: null, schedule: [{ days: ['mon', 'tue', 'wed', 'thu', 'fri'], start: '19:30', end: '01:00' }] }));
    save();
    expect((await screen.findByTestId('policy-result')).textContent).toBe('Nothing changed.');
    expect(api.callsOf('availability.setPolicy')).toHaveLength(2);
  });

  it('checks a window before sending: a day, HH:MM times, start and end apart', async () => {
    const api = agent();
    renderScreen(api);
    fireEvent.click(await screen.findByRole('button', { name: 'Add a window' }));
    const w = screen.getByTestId('window-0');
    for (const d of ['Mon', 'Tue', 'Wed', 'Thu', 'Fri']) fireEvent.click(within(w).getByLabelText(d));
    fireEvent.change(input('Window 1 start'), { target: { value: '9am' } });
    fireEvent.change(input('Window 1 end'), { target: { value: '25:00' } });
    save();
    expect((await screen.findByTestId('policy-error-schedule-0-days')).textContent).toBe('pick at least one day');
    expect(errorOf('Window 1 start')).toBe('"9am" is not a time (HH:MM, 00:00 to 23:59)');
    expect(errorOf('Window 1 end')).toBe('"25:00" is not a time (HH:MM, 00:00 to 24:00)');
    fireEvent.click(within(w).getByLabelText('Wed'));
    fireEvent.change(input('Window 1 start'), { target: { value: '10:00' } });
    fireEvent.change(input('Window 1 end'), { target: { value: '10:00' } });
    save();
    await waitFor(() => expect(errorOf('Window 1 end')).toBe('must differ from the start (for a whole day: 00:00 to 24:00)'));
    expect(screen.queryByTestId('policy-error-schedule-0-days')).toBeNull();
    expect(api.callsOf('availability.setPolicy')).toEqual([]);
  });

  it('validates the thermal guard: resume below pause, both in the config schema\'s range, resume needs pause', async () => {
    const api = agent();
    renderScreen(api);
    fireEvent.change(await screen.findByLabelText('Pause above (°C)'), { target: { value: '80' } });
    fireEvent.change(input('Resume below (°C)'), { target: { value: '85' } });
    save();
    await waitFor(() => expect(errorOf('Resume below (°C)')).toBe('must be below the pause temperature (80 °C), so a GPU near the line cannot switch on and off'));
    expect(input('Resume below (°C)').getAttribute('aria-invalid')).toBe('true');

    fireEvent.change(input('Pause above (°C)'), { target: { value: '120' } });
    fireEvent.change(input('Resume below (°C)'), { target: { value: '100' } });
    save();
    // The range is the config file's own rule (src-shared/config/schema.ts), checked before sending.
    await waitFor(() => expect(errorOf('Pause above (°C)')).toBe('must be at most 110'));
    expect(errorOf('Resume below (°C)')).toBeNull();

    fireEvent.change(input('Pause above (°C)'), { target: { value: '' } });
    fireEvent.change(input('Resume below (°C)'), { target: { value: '70' } });
    save();
    await waitFor(() => expect(errorOf('Resume below (°C)')).toBe('set the temperature to pause at as well'));
    expect(api.callsOf('availability.setPolicy')).toEqual([]);

    fireEvent.change(input('Pause above (°C)'), { target: { value: '85' } });
    fireEvent.change(input('Power limit per GPU (W)'), { target: { value: '250' } });
    save();
    await waitFor(() => expect(api.callsOf('availability.setPolicy')).toEqual([{ thermal_pause_c: 85, thermal_resume_c: 70, power_limit_w: 250 }]));
  });

  it('shows an error the agent sends back beside the field it names', async () => {
    const api = agent(availabilitySettings({ schedule: [{ days: ['mon'], start: '09:00', end: '17:00' }] }));
    api.handlers['availability.setPolicy'] = () =>
      Promise.reject(new ApiCallError({ code: 'bad-request', message: 'config.toml: availability.schedule[0].end: the agent refused it', field: 'params.schedule.0.end' }));
    renderScreen(api);
    fireEvent.change(await screen.findByLabelText('Window 1 end'), { target: { value: '18:00' } });
    save();
    await waitFor(() => expect(errorOf('Window 1 end')).toBe('config.toml: availability.schedule[0].end: the agent refused it'));
    expect(input('Window 1 end').getAttribute('aria-invalid')).toBe('true');
    expect(screen.getByTestId('policy-result').textContent).toBe('Could not save: config.toml: availability.schedule[0].end: the agent refused it');
    // What the owner typed is kept for another try.
    expect(input('Window 1 end').value).toBe('18:00');
  });

  it('game mode, idle-only, what pausing does and the GPUs offered are sent as config keys; a GPU change asks for a restart', async () => {
    const api = agent();
    renderScreen(api);
    fireEvent.click(await screen.findByLabelText('Pause while a game runs'));
    fireEvent.change(screen.getByLabelText('Game processes (one per line)'), { target: { value: 'eldenring.exe\n\n  cs2 \n' } });
    fireEvent.click(input('Also pause while any app is full screen'));
    fireEvent.click(input('Take jobs only while the computer is idle'));
    fireEvent.change(input('Idle for (minutes)'), { target: { value: '5' } });
    fireEvent.click(input('Cancel running jobs at once'));
    fireEvent.click(input('Unload models to free GPU memory'));
    await waitFor(() => expect(screen.getByLabelText('Offer GPU 1: NVIDIA GeForce RTX 3060')).toBeTruthy());
    fireEvent.click(input('Offer GPU 1: NVIDIA GeForce RTX 3060'));
    save();
    await waitFor(() =>
      expect(api.callsOf('availability.setPolicy')).toEqual([
        { idle_only: true, idle_minutes: 5, game_mode: true, game_processes: ['eldenring.exe', 'cs2'], pause_on_fullscreen: false, on_pause: 'cancel', unload_models_on_pause: true, exclude_gpus: ['1'] },
      ]),
    );
    expect((await screen.findByTestId('policy-restart-required')).textContent).toBe('Saved. The GPUs offered change when the Island restarts; the rest applies now.');
    expect(input('Offer GPU 1: NVIDIA GeForce RTX 3060').checked).toBe(false);
  });

  it('quick actions: pause for 1 h, pause for typed minutes (checked), go online', async () => {
    const api = agent();
    renderScreen(api);
    fireEvent.click(await screen.findByRole('button', { name: 'Pause for 1 h' }));
    await waitFor(() => expect(screen.getByTestId('decision-answer').textContent).toBe('Not taking jobs'));
    expect(screen.getByText(/Goes online again by itself at/)).toBeTruthy();

    fireEvent.change(screen.getByLabelText('Pause for minutes'), { target: { value: '0' } });
    fireEvent.click(screen.getByTestId('quick-pause-minutes'));
    expect(screen.getByTestId('quick-minutes-error').textContent).toBe('enter whole minutes from 1 to 10080 (a week)');
    fireEvent.change(screen.getByLabelText('Pause for minutes'), { target: { value: '45' } });
    fireEvent.click(screen.getByRole('button', { name: 'Pause for 45 min' }));
    await waitFor(() => expect(api.callsOf('availability.set')).toHaveLength(2));
    expect(screen.queryByTestId('quick-minutes-error')).toBeNull();

    fireEvent.click(screen.getByRole('button', { name: 'Go online' }));
    await waitFor(() => expect(screen.getByTestId('decision-answer').textContent).toBe('Available for jobs'));
    expect(api.callsOf('availability.set')).toEqual([{ mode: 'paused', forMinutes: 60 }, { mode: 'paused', forMinutes: 45 }, { mode: 'online' }]);
  });
});
