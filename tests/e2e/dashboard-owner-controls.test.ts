// What the owner does on the dashboard reaches the coordinator: a price typed into the Prices
// screen is in config.toml and in the next heartbeat, and the availability switch takes the
// Island's runtimes off the heartbeat and puts them back. Real Chromium, the bundled
// `island --agent` process, the reference coordinator over a real nats-server.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src-main/agent/config/load-config';
import type { EnhancedHeartbeat } from '../../src-shared/protocol/messages';
import { requireChromium } from '../harness/browser';
import type { HostRecord } from '../harness/coordinator/types';
import { requireBinary } from '../harness/services';
import { openDashboard, showScreen, type DashboardPage } from './support/dashboard-page';
import { startStack, type E2eStack } from './support/stack';

const natsBin = requireBinary('nats-server', { neededBy: 'the dashboard end-to-end tests' });
const chromium = requireChromium();
const BEAT_WAIT = { timeoutMs: 30_000 };

describe.skipIf(!natsBin || !chromium)('owner controls in the dashboard reach the coordinator (Chromium, bundled island --agent)', () => {
  let s: E2eStack;
  let d: DashboardPage;
  const host = (): HostRecord => s.coord.host(s.island.hostId)!;
  /**
   * The first heartbeat from index `n` on (the count before the click) that `ok` accepts. It must be
   * the next one, or the one after if a periodic heartbeat was already on its way at the click, and
   * it must come at once: the Island beats on every change instead of waiting up to 10 s.
   */
  const nextBeat = async (n: number, clickedAt: number, what: string, ok: (b: EnhancedHeartbeat) => boolean): Promise<EnhancedHeartbeat> => {
    const i = await s.coord.waitFor(what, () => {
      const k = host().heartbeats.slice(n).findIndex((b) => ok(b.message));
      return k >= 0 ? n + k : null;
    }, BEAT_WAIT);
    expect(i - n, `${what}: heartbeats that came first`).toBeLessThanOrEqual(1);
    const beat = host().heartbeats[i]!;
    expect(beat.at - clickedAt, `${what}: ms after the click`).toBeLessThan(5_000);
    return beat.message;
  };
  const runtimesOf = (b: EnhancedHeartbeat) => b.performance_estimates?.supported_runtimes;
  /** config.toml as the Island reads it back at its next start. */
  const savedConfig = () => loadConfig({ path: s.island.configPath, explicit: true, env: {} }).config;

  beforeAll(async () => {
    s = await startStack({
      chromium: chromium!,
      island: { kind: 'process', command: 'cli', toml: '# the owner keeps notes here\n[pricing]\ndefault_price = "1.0" # my default\n' },
      coordinator: { cargoPrices: { 'llm-chat': 1.5 } },
    });
    d = await openDashboard(s.browser, s.island.urlWithToken);
  });
  afterAll(async () => {
    await d?.close();
    await s?.close();
  });
  afterEach(() => {
    s.coord.assertNoViolations();
    expect(d.pageErrors).toEqual([]);
  });

  it('a price typed on the Prices screen is in config.toml and in the next heartbeat', async () => {
    const { page } = d;
    await showScreen(page, 'prices');
    const input = page.getByRole('textbox', { name: 'Asking price for LLM Chat' });
    const save = page.getByTestId('price-save-llm-chat');
    expect(await page.getByTestId('market-rate-llm-chat').textContent()).toBe('1.5 cr');
    expect(await page.getByTestId('effective-price-llm-chat').textContent()).toContain('1.0 cr');

    // A bad price is refused where it was typed, and nothing is saved.
    await input.fill('1,5');
    expect(await page.getByTestId('price-error-llm-chat').textContent()).toBe('"1,5" is not a price: use a plain number of credits such as 1.5');
    expect(await save.isDisabled()).toBe(true);
    expect(await input.getAttribute('aria-invalid')).toBe('true');

    await input.fill('2.5');
    const beatsBefore = host().heartbeats.length;
    const clickedAt = Date.now();
    await save.click();
    await page.getByTestId('effective-price-llm-chat').filter({ hasText: /^2\.5 cr$/ }).waitFor();

    const next = await nextBeat(beatsBefore, clickedAt, 'a heartbeat asking 2.5 for llm-chat', (b) => b.asking_prices?.['llm-chat'] === '2.5');
    expect(next.asking_prices).toEqual({ 'llm-chat': '2.5', _default: '1.0' });
    expect(savedConfig().pricing.workloads).toEqual({ 'llm-chat': '2.5' });
    const text = s.island.configText();
    expect(text).toContain('# the owner keeps notes here');
    expect(text).toContain('default_price = "1.0" # my default');
    // The coordinator's own view of this Island's asks (what it clears jobs at).
    expect(host().askingPrices['llm-chat']).toBe('2.5');
  });

  it('pausing is seen by the coordinator (no runtimes offered) and going online restores them', async () => {
    const { page } = d;
    await showScreen(page, 'overview');
    const offered = runtimesOf(host().heartbeats.at(-1)!.message);
    expect(offered?.length).toBeGreaterThan(0);
    const toggle = page.getByRole('switch', { name: 'Available for jobs' });
    expect(await toggle.getAttribute('aria-checked')).toBe('true');

    const beatsAtPause = host().heartbeats.length;
    const pausedAt = Date.now();
    await toggle.click();
    await page.getByRole('switch', { name: 'Available for jobs', checked: false }).waitFor();
    expect(await page.getByTestId('phase').textContent()).toBe('Paused');
    expect(await page.getByTestId('availability-reason').textContent()).toBe('Paused by you');
    const paused = await nextBeat(beatsAtPause, pausedAt, 'a heartbeat offering no runtimes', (b) => runtimesOf(b)?.length === 0);
    expect(runtimesOf(paused)).toEqual([]);
    expect(paused.status).toBe('online');
    expect(savedConfig().availability.mode).toBe('paused');

    const beatsAtResume = host().heartbeats.length;
    const resumedAt = Date.now();
    await toggle.click();
    await page.getByRole('switch', { name: 'Available for jobs', checked: true }).waitFor();
    const resumed = await nextBeat(beatsAtResume, resumedAt, 'a heartbeat offering runtimes again', (b) => (runtimesOf(b)?.length ?? 0) > 0);
    expect(runtimesOf(resumed)).toEqual(offered);
    expect(savedConfig().availability.mode).toBe('online');
  });
});
