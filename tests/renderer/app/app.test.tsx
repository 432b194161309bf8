// The shell over a real ApiClient and SocketTransport (fake socket): the reconnect banner, data
// reloaded after a reconnect, the wrong-token screen, and navigation.
import { act, cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { ApiClient } from '../../../src-shared/api/client';
import { Backoff } from '../../../src-shared/domain/backoff';
import { ApiProvider } from '../../../src-renderer/src/api/api-context';
import { fixedConnection } from '../../../src-renderer/src/api/connection';
import { SocketTransport } from '../../../src-renderer/src/api/socket-transport';
import { App } from '../../../src-renderer/src/app/App';
import '../async-timeout';
import { FakeIslandApi } from '../fake-api';
import { SocketFactory, type FakeSocket } from '../fake-socket';
import { status } from '../fixtures';

afterEach(() => {
  cleanup();
  window.location.hash = '';
});

/** Answers every status.get on this socket with a status carrying `version`. */
function answerStatus(socket: FakeSocket, version: string, from = 0): void {
  for (const f of socket.sentFrames().slice(from)) {
    if (f.method === 'status.get') socket.serverSend({ kind: 'response', id: f.id, ok: true, result: status({ version }) });
  }
}

function mountOverSocket(serverAnswers?: () => Promise<boolean>) {
  const sockets = new SocketFactory();
  const transport = new SocketTransport({
    url: 'ws://127.0.0.1:1/api?token=t',
    createSocket: sockets.create,
    backoff: new Backoff({ initialMs: 30, maxMs: 30, jitter: [1, 1] }),
    serverAnswers,
  });
  const api = new ApiClient(transport, 0);
  transport.start();
  render(
    <ApiProvider api={api} connection={transport.connection}>
      <App />
    </ApiProvider>,
  );
  return { sockets, transport };
}

describe('dashboard shell', () => {
  it('shows "Reconnecting…" when the link drops, keeps the data, and reloads it once back', async () => {
    const { sockets } = mountOverSocket();
    expect(screen.getByText('Connecting to the Island…')).toBeTruthy();
    act(() => sockets.last.serverOpen());
    await waitFor(() => expect(sockets.last.sentFrames().some((f) => f.method === 'status.get')).toBe(true));
    act(() => answerStatus(sockets.last, '0.5.0'));
    expect(await screen.findByTestId('version')).toHaveProperty('textContent', '0.5.0');

    act(() => sockets.last.serverClose(1006));
    const banner = await screen.findByTestId('reconnecting-banner');
    expect(banner.textContent).toContain('Reconnecting');
    expect(banner.textContent).toContain('connection lost (code 1006)');
    expect(screen.getByTestId('version').textContent).toBe('0.5.0');

    await waitFor(() => expect(sockets.sockets).toHaveLength(2));
    act(() => sockets.last.serverOpen());
    await waitFor(() => expect(screen.queryByTestId('reconnecting-banner')).toBeNull());
    await waitFor(() => expect(sockets.last.sentFrames().some((f) => f.method === 'status.get')).toBe(true));
    act(() => answerStatus(sockets.last, '0.5.1'));
    await waitFor(() => expect(screen.getByTestId('version').textContent).toBe('0.5.1'));
  });

  it('shows the wrong-token screen when the Island refuses the token, and nothing else', async () => {
    const { sockets } = mountOverSocket();
    act(() => sockets.last.serverClose(4401, 'token refused'));
    const page = await screen.findByTestId('token-screen');
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe("This link's token is wrong or expired");
    expect(page.textContent).toContain('Open the URL the Island printed');
    expect(page.textContent).toContain('token refused');
    expect(screen.queryByRole('navigation')).toBeNull();
  });

  it('shows the token screen for a page opened without a token', () => {
    render(
      <ApiProvider api={new FakeIslandApi()} connection={fixedConnection({ kind: 'no-token' })}>
        <App />
      </ApiProvider>,
    );
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('This dashboard link has no token');
  });

  it('navigates between screens by the nav links (the hash), marking the current one', async () => {
    const api = new FakeIslandApi({ 'status.get': () => status(), 'logs.get': () => [] });
    render(
      <ApiProvider api={api} connection={fixedConnection({ kind: 'open', epoch: 1 })}>
        <App />
      </ApiProvider>,
    );
    const nav = screen.getByRole('navigation', { name: 'Dashboard sections' });
    expect(nav.querySelectorAll('a')).toHaveLength(11);
    expect(await screen.findByRole('heading', { level: 1, name: 'Overview' })).toBeTruthy();
    expect(screen.getByRole('link', { name: 'Overview' }).getAttribute('aria-current')).toBe('page');
    act(() => {
      window.location.hash = '#/logs';
      window.dispatchEvent(new HashChangeEvent('hashchange'));
    });
    expect(await screen.findByRole('heading', { level: 1, name: 'Logs' })).toBeTruthy();
    expect(screen.getByRole('link', { name: 'Logs' }).getAttribute('aria-current')).toBe('page');
    expect(screen.getByRole('link', { name: 'Overview' }).getAttribute('aria-current')).toBeNull();
    fireEvent.click(screen.getByRole('link', { name: 'Prices' }));
    expect(screen.getByRole('link', { name: 'Prices' }).getAttribute('href')).toBe('#/prices');
  });
});
