// The Availability screen against a real Island (recorded nvidia-smi of a machine whose RTX 4090
// runs at 91 °C), the reference coordinator and nats-server, in Debian's Chromium: a schedule
// saved in the UI that excludes now takes the runtimes off the next heartbeat and the screen says
// why and when the next window opens, removing it brings them back; thermal settings land in
// config.toml and the hot GPU pauses the Island with the thermal reason; three failed jobs raise
// an alert in the panel and the nav.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src-main/agent/config/load-config';
import type { EnhancedHeartbeat } from '../../src-shared/protocol/messages';
import { requireChromium } from '../harness/browser';
import type { HostRecord } from '../harness/coordinator/types';
import { requireBinary } from '../harness/services';
import { FakeRuntime } from '../helpers/fake-runtime';
import { recordedNvidiaSmi } from '../helpers/recorded-nvidia-smi';
import { openDashboard, showScreen, type DashboardPage } from './support/dashboard-page';
import { startStack, type E2eStack } from './support/stack';

const natsBin = requireBinary('nats-server', { neededBy: 'the dashboard end-to-end tests' });
const chromium = requireChromium();
const BEAT_WAIT = { timeoutMs: 30_000 };

/** "HH:MM" in UTC, `hours` from now. */
const utcHhmm = (hours: number) => {
  const d = new Date(Date.now() + hours * 3_600_000);
  return `${String(d.getUTCHours()).padStart(2, '0')}:${String(d.getUTCMinutes()).padStart(2, '0')}`;
};

describe.skipIf(!natsBin || !chromium)('availability screen: schedule, thermal guard and alerts reach the Island and the coordinator (Chromium, real Island)', () => {
  let s: E2eStack;
  let d: DashboardPage;
  const host = (): HostRecord => s.coord.host(s.island.hostId)!;
  const runtimesOf = (b: EnhancedHeartbeat) => b.performance_estimates?.supported_runtimes;
  /** The first heartbeat from index `n` on that `ok` accepts. */
  const beatAfter = async (n: number, what: string, ok: (b: EnhancedHeartbeat) => boolean) => {
    const i = await s.coord.waitFor(what, () => {
      const k = host().heartbeats.slice(n).findIndex((b) => ok(b.message));
      return k >= 0 ? n + k : null;
    }, BEAT_WAIT);
    return host().heartbeats[i]!.message;
  };
  const savedAvailability = () => loadConfig({ path: s.island.configPath, explicit: true, env: {} }).config.availability;

  beforeAll(async () => {
    s = await startStack({ chromium: chromium!, island: { kind: 'in-process', runtimes: [new FakeRuntime('wasm')], nvidiaSmi: recordedNvidiaSmi('rtx4090-rtx3060-hot') } });
    d = await openDashboard(s.browser, s.island.urlWithToken);
    await showScreen(d.page, 'availability');
  });
  afterAll(async () => {
    await d?.close();
    await s?.close();
  });
  afterEach(() => {
    s.coord.assertNoViolations();
    expect(d.pageErrors).toEqual([]);
  });

  it('a schedule that excludes now: no runtimes in the next heartbeat, "Outside your schedule" with the next window; removing it restores them', async () => {
    const { page } = d;
    expect(await page.getByTestId('decision-answer').textContent()).toBe('Available for jobs');
    const offered = runtimesOf(host().heartbeats.at(-1)!.message);
    expect(offered).toEqual(['wasm']);

    // Every day, one hour starting two hours from now, read in UTC.
    const start = utcHhmm(2);
    const end = utcHhmm(3);
    await page.getByLabel('Time zone').selectOption('UTC');
    await page.getByRole('button', { name: 'Add a window' }).click();
    await page.getByTestId('window-0-day-sat').check();
    await page.getByTestId('window-0-day-sun').check();
    await page.getByLabel('Window 1 start').fill(start);
    await page.getByLabel('Window 1 end').fill(end);
    const beats = host().heartbeats.length;
    await page.getByRole('button', { name: 'Save policy' }).click();
    await page.getByTestId('policy-saved').waitFor();

    expect(runtimesOf(await beatAfter(beats, 'a heartbeat offering no runtimes', (b) => runtimesOf(b)?.length === 0))).toEqual([]);
    const reason = page.getByTestId('decision-reason');
    await reason.filter({ hasText: /^Outside your schedule/ }).waitFor();
    // Today it reads "next window 14:05"; past midnight UTC, "next window Tue 00:05".
    expect(await reason.textContent()).toMatch(new RegExp(`^Outside your schedule \\(next window (\\w{3} )?${start}\\)$`));
    expect(await page.getByTestId('decision-answer').textContent()).toBe('Not taking jobs');
    expect(await page.getByTestId('decision-rule').textContent()).toBe('Schedule');
    expect(await page.getByTestId('decision-countdown').textContent()).toMatch(/^(1:5\d|2:00):\d\d$/);
    const saved = savedAvailability();
    expect(saved.timezone).toBe('UTC');
    expect(saved.schedule).toEqual([{ days: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'], start, end }]);

    const beatsBack = host().heartbeats.length;
    await page.getByRole('button', { name: 'Remove window 1' }).click();
    await page.getByRole('button', { name: 'Save policy' }).click();
    expect(runtimesOf(await beatAfter(beatsBack, 'a heartbeat offering runtimes again', (b) => (runtimesOf(b)?.length ?? 0) > 0))).toEqual(offered);
    await page.getByTestId('decision-answer').filter({ hasText: 'Available for jobs' }).waitFor();
    expect(savedAvailability().schedule).toEqual([]);
  });

  it('three failed jobs in a row: the alert appears in the panel and the nav, and can be dismissed', async () => {
    const { page } = d;
    for (let i = 0; i < 3; i++) {
      const id = await s.coord.dispatch(s.island.hostId, { workload_id: 'llm-chat', runtime_type: 'wasm', input: { tokens: ['x'], fail: 'out of memory' } });
      await s.coord.waitForJobState(id, 'failed', { timeoutMs: 30_000 });
    }
    const item = page.getByTestId('alert-failed-streak');
    await item.waitFor();
    expect(await item.locator('strong').textContent()).toBe('3 jobs failed in a row');
    expect(await item.textContent()).toContain('The last one: out of memory');
    expect(await page.getByTestId('nav-alerts-badge').textContent()).toBe('1');
    await page.getByRole('button', { name: 'Dismiss alert: 3 jobs failed in a row' }).click();
    await page.getByTestId('alerts-empty').waitFor();
    expect(await page.getByTestId('nav-alerts-badge').count()).toBe(0);
  });

  it('thermal settings: resume ≥ pause is refused in place; saved ones persist in config.toml and the 91 °C GPU pauses the Island', async () => {
    const { page } = d;
    const pause = page.getByLabel('Pause above (°C)');
    const resume = page.getByLabel('Resume below (°C)');
    await pause.fill('85');
    await resume.fill('90');
    await page.getByRole('button', { name: 'Save policy' }).click();
    expect(await page.getByTestId('policy-error-thermal-resume').textContent()).toBe('must be below the pause temperature (85 °C), so a GPU near the line cannot switch on and off');
    expect(await resume.getAttribute('aria-invalid')).toBe('true');
    expect(savedAvailability().thermal_pause_c).toBeUndefined();

    await resume.fill('75');
    const beats = host().heartbeats.length;
    await page.getByRole('button', { name: 'Save policy' }).click();
    await page.getByTestId('policy-saved').waitFor();
    const saved = savedAvailability();
    expect([saved.thermal_pause_c, saved.thermal_resume_c]).toEqual([85, 75]);

    // The recorded nvidia-smi has GPU 0 at 91 °C: the guard trips as soon as it reads it.
    await page.getByTestId('decision-reason').filter({ hasText: 'GPU 0 at 91 °C (resumes below 75 °C)' }).waitFor();
    expect(await page.getByTestId('decision-rule').textContent()).toBe('Thermal guard');
    expect(runtimesOf(await beatAfter(beats, 'a heartbeat offering no runtimes (too hot)', (b) => runtimesOf(b)?.length === 0))).toEqual([]);
    await showScreen(page, 'overview');
    expect(await page.getByTestId('availability-reason').textContent()).toBe('GPU 0 at 91 °C (resumes below 75 °C)');
    expect(await page.getByTestId('availability-rule').textContent()).toBe('Decided by: Thermal guard');

    // Clearing both removes the keys, and the Island takes jobs again.
    await showScreen(page, 'availability');
    await pause.fill('');
    await resume.fill('');
    const beatsBack = host().heartbeats.length;
    await page.getByRole('button', { name: 'Save policy' }).click();
    expect(runtimesOf(await beatAfter(beatsBack, 'a heartbeat offering runtimes again', (b) => (runtimesOf(b)?.length ?? 0) > 0))).toEqual(['wasm']);
    expect(savedAvailability().thermal_pause_c).toBeUndefined();
  });
});
