// Every screen, in real Chromium against the headless Island process (runAgent with the scriptable
// FakeRuntime) after a few jobs: no horizontal overflow at 800×600 in light and dark, Tab reaches
// the nav and each screen's controls with a visible focus ring, and a 1280×800 screenshot of each
// screen (plus the overview in dark and the wrong-token page) is saved to docs/screenshots/.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { requireChromium } from '../harness/browser';
import { PAIRING_ALPHABET } from '../harness/coordinator/pairing';
import { requireBinary } from '../harness/services';
import { REPO_ROOT } from './support/build';
import { horizontalOverflow, openDashboard, openPage, SCREENS, screenReady, showScreen, tabThrough, titleOf, type DashboardPage, type ScreenId } from './support/dashboard-page';
import type { PageGlobals } from './support/page-globals';
import { startStack, type E2eStack } from './support/stack';

const natsBin = requireBinary('nats-server', { neededBy: 'the dashboard end-to-end tests' });
const chromium = requireChromium();
const SHOTS = path.join(REPO_ROOT, 'docs', 'screenshots');
// Fixed where the Island allows it, so committed screenshots change only when the UI does.
const HOST_ID = '7c1d5e2a-4b6f-4c8e-9a3d-2f1e0b9c8a71';
const PAIRING_CODE = 'K7M3QX';
const STREAM_WORDS = 'The Island runs Cargos for the Archipelag network and streams every token back to the coordinator as it is made.'.split(' ');

/** What Tab must reach on each screen besides the nav (selectors), and how many of its first controls. */
const KEYBOARD: Record<ScreenId, { selectors: string[]; mainControls: number }> = {
  overview: { selectors: ['[data-testid=availability-toggle]', '[data-testid=pause-1h]'], mainControls: 2 },
  availability: { selectors: ['[data-testid=quick-pause-1h]', '[data-testid=quick-minutes]', '[data-testid=policy-timezone]', '[data-testid=window-add]', '[data-testid=policy-save]'], mainControls: 4 },
  prices: { selectors: ['[data-testid=price-input-_default]', '[data-testid=price-filter]'], mainControls: 4 },
  karma: { selectors: [], mainControls: 2 },
  estimator: { selectors: ['[data-testid=estimator-gpu]', '[data-testid=estimator-hours]'], mainControls: 3 },
  pairing: { selectors: ['[data-testid=pairing-refresh]'], mainControls: 2 },
  jobs: { selectors: [], mainControls: 2 },
  storage: { selectors: [], mainControls: 3 },
  hardware: { selectors: [], mainControls: 2 },
  logs: { selectors: ['[data-testid=log-level]', '[data-testid=log-job]'], mainControls: 4 },
  settings: { selectors: ['[data-testid=settings-save]'], mainControls: 4 },
};

describe.skipIf(!natsBin || !chromium)('every screen: layout, themes, keyboard, screenshots (Chromium, island process)', () => {
  let s: E2eStack;
  let running: string;
  const pages: DashboardPage[] = [];

  beforeAll(async () => {
    let next = 0;
    s = await startStack({
      chromium: chromium!,
      island: { kind: 'process', command: 'fake-runtime', hostId: HOST_ID, toml: '[pricing]\ndefault_price = "1.0"\n\n[pricing.workloads]\nllm-chat = "2.5"\n' },
      coordinator: { minutesPerJobMs: 20, cargoPrices: { 'llm-chat': 1.5, 'wasm-json': 0.5 }, pairing: { random: () => PAIRING_ALPHABET.indexOf(PAIRING_CODE[next++ % PAIRING_CODE.length]!) } },
    });
    // Some history (two Cargos, one failure) and one job still streaming, so no screen is empty.
    const hostId = s.island.hostId;
    const done = [
      await s.coord.dispatch(hostId, { workload_id: 'llm-chat', runtime_type: 'wasm', input: { tokens: ['Hello', ' from', ' the', ' Island'], delayMs: 5 } }),
      await s.coord.dispatch(hostId, { workload_id: 'wasm-json', runtime_type: 'wasm', input: { tokens: ['{"ok":true}'] } }),
      await s.coord.dispatch(hostId, { workload_id: 'llm-chat', runtime_type: 'wasm', input: { tokens: ['Hi'], fail: 'out of memory' } }),
    ];
    for (const id of done) await s.coord.waitForJobState(id, 'terminal', { timeoutMs: 30_000 });
    // It streams a word every 300 ms for a minute, so the Jobs screen shows text arriving.
    const words = Array.from({ length: 200 }, (_, i) => ` ${STREAM_WORDS[i % STREAM_WORDS.length]}`);
    running = await s.coord.dispatch(hostId, { workload_id: 'llm-chat', runtime_type: 'wasm', input: { tokens: words, delayMs: 300, hang: true } });
    await s.coord.waitFor('the running job to stream', () => s.coord.job(running)?.text, { timeoutMs: 30_000 });
  });
  afterAll(async () => {
    for (const p of pages) await p.close().catch(() => undefined);
    if (running) await s?.coord.cancel(s.island.hostId, running).catch(() => undefined);
    await s?.close();
  });
  afterEach(() => {
    s.coord.assertNoViolations();
    for (const p of pages) expect(p.pageErrors).toEqual([]);
  });

  it('at 800×600 no screen overflows sideways, in light or dark, and Tab reaches the nav and each screen’s controls', async () => {
    const d = await openDashboard(s.browser, s.island.urlWithToken, { viewport: { width: 800, height: 600 } });
    pages.push(d);
    const { page } = d;
    const navLinks = SCREENS.map((x) => `[data-testid=nav-${x.id}]`);
    expect(await page.getByRole('navigation', { name: 'Dashboard sections' }).getByRole('link').allTextContents()).toEqual(SCREENS.map((x) => x.label));

    for (const { id } of SCREENS) {
      // A fresh load of the deep link, so Tab starts from the top of the page.
      await page.goto(`${s.island.url}#/${id}`);
      await page.reload();
      await screenReady(page, titleOf(id));
      expect(await page.getByTestId(`nav-${id}`).getAttribute('aria-current'), id).toBe('page');

      const light = await themed(page, 'light');
      const dark = await themed(page, 'dark');
      expect(light.overflow.scrollWidth, `${id} (light) is wider than the window`).toBeLessThanOrEqual(light.overflow.innerWidth);
      expect(dark.overflow.scrollWidth, `${id} (dark) is wider than the window`).toBeLessThanOrEqual(dark.overflow.innerWidth);
      expect(dark.background, `${id}: the dark theme applies`).not.toBe(light.background);
      await page.emulateMedia({ colorScheme: 'light' });

      const k = KEYBOARD[id];
      const walk = await tabThrough(page, [...navLinks, ...k.selectors], k.mainControls, 60);
      expect(walk.missed, `${id}: Tab went to ${walk.visited.join(', ')}`).toEqual([]);
      expect(walk.withoutFocusRing, `${id}: focused without a visible ring`).toEqual([]);
    }

    // The nav works from the keyboard alone.
    await page.goto(`${s.island.url}#/overview`);
    await page.reload();
    await screenReady(page, titleOf('overview'));
    await tabThrough(page, ['[data-testid=nav-prices]'], 0, 10);
    await page.keyboard.press('Enter');
    await screenReady(page, titleOf('prices'));
  });

  it('saves a 1280×800 screenshot of every screen (light), the overview in dark, and the wrong-token page', async () => {
    mkdirSync(SHOTS, { recursive: true });
    const d = await openDashboard(s.browser, s.island.urlWithToken, { viewport: { width: 1280, height: 800 } });
    pages.push(d);
    const { page } = d;
    for (const { id } of SCREENS) {
      await showScreen(page, id);
      await settled(page, id, running);
      await page.screenshot({ path: path.join(SHOTS, `${id}.png`), animations: 'disabled', caret: 'hide' });
    }
    await showScreen(page, 'overview');
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.screenshot({ path: path.join(SHOTS, 'overview-dark.png'), animations: 'disabled', caret: 'hide' });

    const refused = await openPage(s.browser, `${s.island.url}?token=${'x'.repeat(43)}`, { viewport: { width: 1280, height: 800 } });
    pages.push(refused);
    await refused.page.getByTestId('token-screen').waitFor();
    await refused.page.screenshot({ path: path.join(SHOTS, 'wrong-token.png'), animations: 'disabled', caret: 'hide' });
  });
});

async function themed(page: DashboardPage['page'], scheme: 'light' | 'dark') {
  await page.emulateMedia({ colorScheme: scheme });
  const background = await page.evaluate(() => {
    const g = globalThis as unknown as PageGlobals;
    return g.getComputedStyle(g.document.querySelector('body')!).backgroundColor;
  });
  return { overflow: await horizontalOverflow(page), background };
}

/** Waits for what each screen shows once its data is in, so screenshots are complete. */
async function settled(page: DashboardPage['page'], id: ScreenId, runningJob: string): Promise<void> {
  const wait: Partial<Record<ScreenId, () => Promise<void>>> = {
    overview: () => page.getByTestId('nats-rtt').filter({ hasText: /ms$/ }).waitFor(),
    availability: () => page.getByTestId('policy-save').waitFor(),
    karma: () => page.getByTestId('karma-score').waitFor(),
    pairing: () => page.getByTestId('pairing-code').filter({ hasText: PAIRING_CODE }).waitFor(),
    // The live tail holds what streamed since the screen opened: wait for a few words of it.
    jobs: () => page.getByTestId(`live-output-${runningJob}`).filter({ hasText: /(\S+\s+){6}/ }).waitFor(),
    logs: () => page.getByTestId('log-entry').first().waitFor(),
  };
  await wait[id]?.();
  // Charts draw once their frame has a width.
  await page.waitForFunction(() => {
    const g = globalThis as unknown as PageGlobals;
    return [...g.document.querySelectorAll('.chart')].every((c) => c.querySelector('svg') !== null);
  });
}
