// Driving the dashboard in Chromium: a fresh browser context per page (fresh storage, chosen
// viewport and colour scheme), moving between screens and knowing when one has finished loading,
// and the measurements the layout tests make (horizontal overflow, where Tab goes).
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { PageElement, PageGlobals } from './page-globals';

/** The nav, in order: id (route and `nav-<id>`), the link's text, and the screen's h1 where it differs. */
export const SCREENS = [
  { id: 'overview', label: 'Overview' },
  { id: 'availability', label: 'Availability' },
  { id: 'prices', label: 'Prices', title: 'Asking prices' },
  { id: 'karma', label: 'Karma' },
  { id: 'estimator', label: 'Earnings estimator' },
  { id: 'pairing', label: 'Pairing' },
  { id: 'jobs', label: 'Jobs' },
  { id: 'storage', label: 'Models and images' },
  { id: 'hardware', label: 'Hardware' },
  { id: 'logs', label: 'Logs' },
  { id: 'settings', label: 'Settings' },
] as const;
export type ScreenId = (typeof SCREENS)[number]['id'];

export interface DashboardPage {
  page: Page;
  context: BrowserContext;
  /** Uncaught page errors, in order: a test may assert there were none. */
  pageErrors: string[];
  close(): Promise<void>;
}

export interface OpenOptions {
  viewport?: { width: number; height: number };
  colorScheme?: 'light' | 'dark';
  /** Milliseconds for each wait (default 30 s: the machine may be busy). */
  timeoutMs?: number;
  /** Runs on the fresh context before the page loads (init scripts). */
  init?: (context: BrowserContext) => Promise<void>;
}

export async function openPage(browser: Browser, url: string, o: OpenOptions = {}): Promise<DashboardPage> {
  const context = await browser.newContext({ viewport: o.viewport ?? { width: 1280, height: 800 }, colorScheme: o.colorScheme ?? 'light', locale: 'en-US', deviceScaleFactor: 1 });
  await o.init?.(context);
  const page = await context.newPage();
  page.setDefaultTimeout(o.timeoutMs ?? 30_000);
  const pageErrors: string[] = [];
  page.on('pageerror', (e) => pageErrors.push(e.message));
  await page.goto(url);
  return { page, context, pageErrors, close: () => context.close() };
}

/** Opens the dashboard with its token and waits for the Overview to show the Island's status. */
export async function openDashboard(browser: Browser, urlWithToken: string, o: OpenOptions = {}): Promise<DashboardPage> {
  const d = await openPage(browser, urlWithToken, o);
  await screenReady(d.page, 'Overview');
  await d.page.getByTestId('version').waitFor();
  return d;
}

/** Goes to a screen through its nav link (as an owner would) and waits until it has loaded. */
export async function showScreen(page: Page, id: ScreenId): Promise<void> {
  await page.getByTestId(`nav-${id}`).click();
  await screenReady(page, titleOf(id));
}

/** The screen's h1. */
export function titleOf(id: ScreenId): string {
  const s: { label: string; title?: string } = SCREENS.find((x) => x.id === id)!;
  return s.title ?? s.label;
}

/**
 * The screen titled `title` is shown and nothing on it is still loading (no "Loading …" or
 * "Connecting …" status); a screen that failed to load fails the test with its own message.
 */
export async function screenReady(page: Page, title: string): Promise<void> {
  await page.locator('h1#screen-title').filter({ hasText: new RegExp(`^${title}$`) }).waitFor();
  await page.waitForFunction(() => {
    const g = globalThis as unknown as PageGlobals;
    return ![...g.document.querySelectorAll('[role=status]')].some((el) => /^(Loading|Connecting)/.test(el.textContent ?? ''));
  });
  const failed = await page.locator('main .banner.error[role=alert]').allTextContents();
  if (failed.length > 0) throw new Error(`the ${title} screen could not load: ${failed.join(' / ')}`);
}

/** `document.scrollingElement.scrollWidth` against `innerWidth`: more means a horizontal scrollbar. */
export async function horizontalOverflow(page: Page): Promise<{ scrollWidth: number; innerWidth: number }> {
  return page.evaluate(() => {
    const g = globalThis as unknown as PageGlobals;
    return { scrollWidth: g.document.scrollingElement!.scrollWidth, innerWidth: g.innerWidth };
  });
}

export interface TabWalk {
  /** Targets Tab never reached: a selector, or `main control #i (<name>)`. */
  missed: string[];
  /** Every element that got focus, as `data-testid` or tag + accessible text, in order. */
  visited: string[];
  /** Elements that got keyboard focus without a visible focus ring. */
  withoutFocusRing: string[];
}

/**
 * Presses Tab from where focus is (the start of a freshly loaded page) until every target has had
 * focus, or `maxPresses` is spent. Targets: each selector's element, and the first `mainControls`
 * enabled, visible controls inside <main>. Records what got focus and whether it showed a ring.
 */
export async function tabThrough(page: Page, selectors: readonly string[], mainControls: number, maxPresses: number): Promise<TabWalk> {
  await page.evaluate(
    ([sels, k]) => {
      const g = globalThis as unknown as PageGlobals;
      const nameOf = (el: PageElement) => el.dataset.testid ?? `${el.tagName.toLowerCase()} "${(el.getAttribute('aria-label') ?? el.textContent ?? '').trim().slice(0, 40)}"`;
      const controls = [...g.document.querySelectorAll('main a[href], main button:not([disabled]), main input:not([disabled]), main select:not([disabled]), main textarea:not([disabled]), main [tabindex]:not([tabindex="-1"])')]
        .filter((el) => el.getBoundingClientRect().width > 0)
        .slice(0, k);
      const targets = [
        ...sels.map((s) => ({ label: s, el: g.document.querySelector(s) })),
        ...controls.map((el, i) => ({ label: `main control #${i + 1} (${nameOf(el)})`, el })),
      ];
      const log: FocusLog = { visited: [], noRing: [], pending: targets.map((t) => t.label) };
      g.__e2e = { ...g.__e2e, focus: log };
      g.document.addEventListener('focusin', (e) => {
        const el = e.target as PageElement;
        log.visited.push(nameOf(el));
        const style = g.getComputedStyle(el);
        if (!el.matches(':focus-visible') || (style.outlineStyle === 'none' && style.boxShadow === 'none')) log.noRing.push(nameOf(el));
        for (const t of targets) if (t.el === el) log.pending = log.pending.filter((p) => p !== t.label);
      });
    },
    [selectors, mainControls] as const,
  );
  for (let i = 0; i < maxPresses; i++) {
    await page.keyboard.press('Tab');
    const left = await page.evaluate(() => ((globalThis as unknown as PageGlobals).__e2e!.focus as FocusLog).pending.length);
    if (left === 0) break;
  }
  const log = await page.evaluate(() => (globalThis as unknown as PageGlobals).__e2e!.focus as FocusLog);
  return { missed: log.pending, visited: log.visited, withoutFocusRing: log.noRing };
}

interface FocusLog {
  visited: string[];
  noRing: string[];
  /** Labels of targets not focused yet. */
  pending: string[];
}
