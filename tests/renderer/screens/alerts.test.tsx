import { act, cleanup, fireEvent, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { AlertsProvider } from '../../../src-renderer/src/alerts/alerts-context';
import { AlertsPanel } from '../../../src-renderer/src/alerts/AlertsPanel';
import { Nav } from '../../../src-renderer/src/app/Nav';
import { FakeIslandApi } from '../fake-api';
import { alert, T0 } from '../fixtures';
import { renderWithApi } from '../render';

afterEach(cleanup);

function mount(api: FakeIslandApi) {
  return renderWithApi(
    <AlertsProvider>
      <Nav current="overview" />
      <AlertsPanel />
    </AlertsProvider>,
    api,
  );
}

describe('alerts panel and nav badge', () => {
  it('shows alerts pushed by the agent, newest first, with kind, title, message and time; the nav counts them', () => {
    const api = new FakeIslandApi();
    mount(api);
    expect(screen.getByTestId('alerts-empty')).toBeTruthy();
    expect(screen.queryByTestId('nav-alerts-badge')).toBeNull();
    act(() => api.emit({ type: 'alert', alert: alert({ at: T0 }) }));
    act(() => api.emit({ type: 'alert', alert: alert({ kind: 'disk-low', severity: 'warning', title: 'Disk almost full', message: '3.1 GB free under /home/owner/.island', at: T0 + 60_000 }) }));
    const items = screen.getAllByRole('listitem').filter((li) => li.dataset.alertKind);
    expect(items.map((li) => li.dataset.alertKind)).toEqual(['disk-low', 'failed-streak']);
    const streak = screen.getByTestId('alert-failed-streak');
    expect(within(streak).getByText('Failed jobs')).toBeTruthy();
    expect(within(streak).getByText('3 jobs failed in a row')).toBeTruthy();
    expect(within(streak).getByText('The last one: out of memory')).toBeTruthy();
    expect(streak.querySelector('time')!.getAttribute('dateTime')).toBe(new Date(T0).toISOString());
    const badge = screen.getByTestId('nav-alerts-badge');
    expect(badge.textContent).toBe('2');
    expect(badge.getAttribute('aria-label')).toBe('2 alerts');
    // The badge sits beside the link: the link's name stays "Availability".
    expect(screen.getByRole('link', { name: 'Availability' })).toBeTruthy();
  });

  it('an alert can be dismissed, or all at once; the badge follows', () => {
    const api = new FakeIslandApi();
    mount(api);
    act(() => {
      api.emit({ type: 'alert', alert: alert({ title: 'first' }) });
      api.emit({ type: 'alert', alert: alert({ kind: 'offline', title: 'Went offline', message: 'The coordinator has been unreachable for 5 min' }) });
      api.emit({ type: 'alert', alert: alert({ kind: 'update-ready', severity: 'info', title: 'Update ready', message: '0.6.0 is ready' }) });
    });
    fireEvent.click(screen.getByRole('button', { name: 'Dismiss alert: Went offline' }));
    expect(screen.queryByTestId('alert-offline')).toBeNull();
    expect(screen.getByTestId('nav-alerts-badge').textContent).toBe('2');
    fireEvent.click(screen.getByRole('button', { name: 'Dismiss all' }));
    expect(screen.getByTestId('alerts-empty')).toBeTruthy();
    expect(screen.queryByTestId('nav-alerts-badge')).toBeNull();
  });

  it('keeps the newest 20', () => {
    const api = new FakeIslandApi();
    mount(api);
    act(() => {
      for (let i = 1; i <= 25; i++) api.emit({ type: 'alert', alert: alert({ title: `alert ${i}` }) });
    });
    const titles = screen.getAllByTestId('alert-failed-streak').map((li) => li.querySelector('strong')!.textContent);
    expect(titles).toHaveLength(20);
    expect(titles[0]).toBe('alert 25');
    expect(titles.at(-1)).toBe('alert 6');
    expect(screen.getByTestId('nav-alerts-badge').textContent).toBe('20');
  });
});
