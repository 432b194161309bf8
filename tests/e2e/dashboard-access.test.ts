// Who gets in: the bundled `island --agent` command, started as an owner starts it, prints its
// dashboard URL; that URL opens the dashboard in Chromium, while a wrong or missing token gets the
// token screen and the Island closes the page's API socket (4401) before answering anything.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requireChromium } from '../harness/browser';
import { requireBinary } from '../harness/services';
import { apiSocketUrl, probeDashboard } from '../helpers/dashboard-client';
import { waitUntil } from '../helpers/wait-until';
import { openDashboard, openPage } from './support/dashboard-page';
import { recordSockets, socketRecords } from './support/socket-recorder';
import { startStack, type E2eStack } from './support/stack';

const natsBin = requireBinary('nats-server', { neededBy: 'the dashboard end-to-end tests' });
const chromium = requireChromium();

describe.skipIf(!natsBin || !chromium)('dashboard access (bundled island --agent, Chromium)', () => {
  let s: E2eStack;

  beforeAll(async () => {
    s = await startStack({ chromium: chromium!, island: { kind: 'process', command: 'cli' } });
  });
  afterAll(async () => {
    await s?.close();
  });

  it('the printed URL opens the dashboard, and the token leaves the address bar', async () => {
    const d = await openDashboard(s.browser, s.island.urlWithToken, { init: recordSockets });
    try {
      expect(await d.page.getByTestId('host-id').textContent()).toBe(s.island.hostId);
      expect(await d.page.getByTestId('coordinator-connected').textContent()).toBe('Connected');
      expect(d.page.url()).toBe(s.island.url);
      const [socket] = await socketRecords(d.page);
      expect(socket).toMatchObject({ opened: true, close: null });
      expect(socket!.messages).toBeGreaterThan(0);
      // A reload keeps working: the tab remembered the token.
      await d.page.reload();
      await d.page.getByTestId('host-id').waitFor();
      expect(d.pageErrors).toEqual([]);
    } finally {
      await d.close();
    }
  });

  it('a wrong token gets the token screen; the Island closes the socket with 4401 and answers nothing', async () => {
    const wrong = `${s.island.token.slice(0, -4)}${s.island.token.endsWith('AAAA') ? 'BBBB' : 'AAAA'}`;
    const d = await openPage(s.browser, `${s.island.url}?token=${wrong}`, { init: recordSockets });
    try {
      const screen = d.page.getByTestId('token-screen');
      await screen.waitFor();
      expect(await screen.locator('h1').textContent()).toBe("This link's token is wrong or expired");
      expect(await screen.textContent()).toContain('wrong or missing token');
      expect(await d.page.getByRole('navigation').count()).toBe(0);
      const sockets = await socketRecords(d.page);
      expect(sockets.length).toBeGreaterThan(0);
      for (const socket of sockets) expect(socket).toMatchObject({ messages: 0, close: { code: 4401, reason: expect.stringContaining('wrong or missing token') } });

      // The same refusal seen from outside the browser, and the Island says so in its log.
      expect(await probeDashboard(apiSocketUrl(s.island.url, wrong))).toMatchObject({ kind: 'closed', code: 4401 });
      await waitUntil(() => s.island.output().includes('refused a dashboard connection with a wrong or missing token'), 'the refusal in the Island log');
    } finally {
      await d.close();
    }
  });

  it('no token at all gets the no-token screen and never opens a socket', async () => {
    const d = await openPage(s.browser, s.island.url, { init: recordSockets });
    try {
      const screen = d.page.getByTestId('token-screen');
      await screen.waitFor();
      expect(await screen.locator('h1').textContent()).toBe('This dashboard link has no token');
      expect(await socketRecords(d.page)).toEqual([]);
      expect(await probeDashboard(apiSocketUrl(s.island.url, null))).toMatchObject({ kind: 'closed', code: 4401 });
    } finally {
      await d.close();
    }
  });
});
