import { cleanup, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import KarmaScreen from '../../../src-renderer/src/screens/karma/KarmaScreen';
import { FakeIslandApi } from '../fake-api';
import { karmaOk, local } from '../fixtures';
import { renderWithApi } from '../render';

afterEach(cleanup);

describe('Karma screen', () => {
  it('shows the coordinator score, its figures and a history chart', async () => {
    renderWithApi(<KarmaScreen />, new FakeIslandApi({ 'karma.get': () => karmaOk() }));
    expect((await screen.findByTestId('karma-score')).textContent).toBe('85');
    expect(screen.getByText('142')).toBeTruthy();
    expect(screen.getByText('99.3%')).toBeTruthy();
    expect(screen.getByText('38 ms')).toBeTruthy();
    expect(screen.getByText('Monetization unlocked')).toBeTruthy();
    expect(screen.getByRole('img', { name: 'Karma history: 3 points, from 80 to 85' })).toBeTruthy();
  });

  it('says why the coordinator karma is unavailable and still shows the local record, labelled as measured here', async () => {
    renderWithApi(
      <KarmaScreen />,
      new FakeIslandApi({ 'karma.get': () => ({ local: local({ succeeded: 7, jobs: 8, failed: 1, cancelled: 0, successRate: 0.875, avgDurationMs: 65_000, credits: 1234.5 }), remote: 'unavailable', reason: 'no api_url configured' }) }),
    );
    expect((await screen.findByTestId('karma-unavailable')).textContent).toContain('Karma from the coordinator is unavailable: no api_url configured');
    expect(screen.queryByTestId('karma-score')).toBeNull();
    const record = screen.getByTestId('local-track-record');
    expect(record.textContent).toContain('measured on this machine');
    expect(screen.getByTestId('local-completed').textContent).toBe('7');
    expect(screen.getByTestId('local-success-rate').textContent).toBe('87.5%');
    expect(screen.getByTestId('local-avg-duration').textContent).toBe('1 min 5 s');
    expect(screen.getByTestId('local-credits').textContent).toBe('1,234.5');
  });
});
