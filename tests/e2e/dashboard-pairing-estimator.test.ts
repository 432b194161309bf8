// The pairing QR, read from its pixels, is the coordinator's pair_url; the earnings estimator
// shows the reference calculator's figures (product.md §1, Tables A–C) for the GPU the Island
// detected, for a GPU the owner picks, and for other hours. Real Chromium, a real Island (recorded
// nvidia-smi output of an RTX 4090 + RTX 3060 machine) and the reference coordinator.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { TABLE_A, TABLE_A_HOURS, type TableARow } from '../fixtures/estimator/table-a';
import { TABLE_B } from '../fixtures/estimator/table-b';
import { TABLE_C } from '../fixtures/estimator/table-c';
import { requireChromium } from '../harness/browser';
import { DEFAULT_PAIR_URL, pairUrlFor } from '../harness/coordinator/pairing';
import { requireBinary } from '../harness/services';
import { recordedNvidiaSmi } from '../helpers/recorded-nvidia-smi';
import { openDashboard, showScreen, type DashboardPage } from './support/dashboard-page';
import { decodeQrPng } from './support/qr-decode';
import { startStack, type E2eStack } from './support/stack';

const natsBin = requireBinary('nats-server', { neededBy: 'the dashboard end-to-end tests' });
const chromium = requireChromium();
const int = (n: number) => n.toLocaleString('en-US');
const rowA = (gpu: string): TableARow => TABLE_A.find((r) => r.gpu === gpu)!;
/** The dropdown's label for a GPU, as the site writes it (§1.2): name + " (" + vram + " GB)". */
const optionLabel = (r: TableARow) => (r.vramGb > 0 ? `${r.gpu} (${r.vramGb} GB)` : r.gpu);

describe.skipIf(!natsBin || !chromium)('pairing QR and earnings estimator (Chromium, real Island)', () => {
  let s: E2eStack;
  let d: DashboardPage;

  beforeAll(async () => {
    s = await startStack({ chromium: chromium!, island: { kind: 'in-process', runtimes: [], nvidiaSmi: recordedNvidiaSmi('rtx4090-rtx3060') } });
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

  it('the pairing QR decodes to the pair_url the coordinator issued, in light and dark; once approved the screen says paired', async () => {
    const { page } = d;
    const code = await s.coord.waitFor('a pairing code issued', () => s.coord.host(s.island.hostId)?.pairingCode);
    const pairUrl = pairUrlFor(DEFAULT_PAIR_URL, code);
    await showScreen(page, 'pairing');
    await page.getByTestId('pairing-state-code').waitFor();
    expect(await page.getByTestId('pairing-code').textContent()).toBe(code);
    expect(await page.getByTestId('pairing-qr').getAttribute('data-pair-url')).toBe(pairUrl);
    expect(await page.getByTestId('pairing-countdown').textContent()).toMatch(/^Expires in (9|10):\d\d$/);

    const qr = page.getByRole('img', { name: /^QR code of the pairing link/ });
    expect(decodeQrPng(await qr.screenshot())).toBe(pairUrl);
    await page.emulateMedia({ colorScheme: 'dark' });
    expect(decodeQrPng(await qr.screenshot())).toBe(pairUrl);
    await page.emulateMedia({ colorScheme: 'light' });

    s.coord.approvePairing(s.island.hostId, 'acct-e2e');
    await page.getByRole('button', { name: 'New code' }).click();
    const paired = page.getByTestId('pairing-state-paired');
    await paired.waitFor();
    // The wire's "host already paired" names no account; the Island keeps when it learnt it
    // (state.json's paired_at: unix seconds, as the Rust Island writes it).
    expect(await paired.textContent()).toMatch(new RegExp(`^PairedThis Island is linked to your Archipelag\\.io account\\.Paired \\d{1,2}/\\d{1,2}/${new Date().getFullYear()}, `));
  });

  it('the estimator preselects the detected RTX 4090 and shows the reference figures (Table A, Table B)', async () => {
    const { page } = d;
    await showScreen(page, 'estimator');
    const a = rowA('NVIDIA RTX 4090');
    expect(await page.getByTestId('estimator-detected').textContent()).toBe('Detected NVIDIA GeForce RTX 4090.');
    const select = page.getByRole('combobox', { name: 'GPU' });
    expect(await select.locator('option:checked').textContent()).toBe(optionLabel(a));
    expect(await page.getByTestId('estimator-hours-value').textContent()).toBe(`${TABLE_A_HOURS}h`);

    expect(await page.getByTestId('calc-daily').textContent()).toBe(int(a.webSpec.perDay));
    expect(await page.getByTestId('calc-monthly').textContent()).toBe(int(a.webSpec.perMonthDetail));
    expect(await page.getByTestId('calc-usd').textContent()).toBe(`$${a.webSpec.usdDetail}`);
    expect(await page.getByTestId('estimator-tier').textContent()).toBe(`Hardware tier: ${a.tier.replaceAll('_', ' ')} (${a.mult}x multiplier)`);
    expect(await page.getByTestId('estimator-best').textContent()).toBe(`Best Cargo: ${a.best}`);

    // The per-Cargo table: fit and throughput of every reference Cargo (Table B, fee-independent).
    const cells = TABLE_B.find(([gpu]) => gpu === a.gpu)![1];
    const rows = await page.getByTestId('estimator-cargos').locator('tbody tr').evaluateAll((trs) => trs.map((tr) => [...(tr as unknown as { cells: Iterable<{ textContent: string | null }> }).cells].map((c) => c.textContent ?? '')));
    expect(rows.map((r) => [r[1], r[2]])).toEqual(
      cells.map((c) => (c.kind === 'needs' ? [`Needs ${c.minVramGb} GB`, '—'] : [c.fit === 'perfect' ? 'Perfect' : 'Good', c.tokS !== null ? `${c.tokS} tok/s` : `${c.jobsPerHour} jobs/hr`])),
    );
  });

  it('"All GPUs compared" is Table C, row for row, at 8 h/day', async () => {
    const { page } = d;
    expect(await page.getByTestId('comp-hours').textContent()).toBe('8');
    const rows = await page.getByTestId('estimator-comparison').locator('tbody tr').evaluateAll((trs) => trs.map((tr) => [...(tr as unknown as { cells: Iterable<{ textContent: string | null }> }).cells].map((c) => (c.textContent ?? '').trim())));
    expect(rows).toEqual(TABLE_C.map((c) => [`${c.gpu}${c.sweetSpot ? ' ★' : ''}`, c.tierLabel, c.vram, c.best, int(c.webSpecMonthly), `$${c.usd}`]));
    expect(await page.getByTestId('sweet-spot').count()).toBe(1);
  });

  it('picking another GPU and moving the hours slider by keyboard recomputes every figure', async () => {
    const { page } = d;
    const h100 = rowA('NVIDIA H100');
    await page.getByRole('combobox', { name: 'GPU' }).selectOption({ label: optionLabel(h100) });
    await page.getByTestId('calc-daily').filter({ hasText: int(h100.webSpec.perDay) }).waitFor();
    expect(await page.getByTestId('calc-monthly').textContent()).toBe(int(h100.webSpec.perMonthDetail));
    expect(await page.getByTestId('calc-usd').textContent()).toBe(`$${h100.webSpec.usdDetail}`);
    const gpuId = await page.getByRole('combobox', { name: 'GPU' }).inputValue();
    expect(await page.getByTestId(`compare-row-${gpuId}`).getAttribute('aria-current')).toBe('true');

    // Hours enter linearly (§1.6); the H100's best Cargo earns a whole number of credits an hour,
    // so Table A's 8-hour figure gives the 12-hour one exactly.
    const hourly = h100.webSpec.perDay / TABLE_A_HOURS;
    expect(Number.isInteger(hourly)).toBe(true);
    const slider = page.getByRole('slider', { name: /Hours online per day/ });
    await slider.focus();
    for (let i = 0; i < 4; i++) await page.keyboard.press('ArrowRight');
    await page.getByTestId('estimator-hours-value').filter({ hasText: /^12h$/ }).waitFor();
    expect(await page.getByTestId('comp-hours').textContent()).toBe('12');
    expect(await page.getByTestId('calc-daily').textContent()).toBe(int(hourly * 12));
    expect(await page.getByTestId('calc-monthly').textContent()).toBe(int(hourly * 12 * 30));
    expect(await page.getByTestId('calc-usd').textContent()).toBe(`$${(hourly * 12 * 30 * 0.01).toFixed(2)}`);
    expect(await page.getByTestId(`compare-row-${gpuId}`).getByTestId('compare-monthly').textContent()).toBe(int(hourly * 12 * 30));
  });
});
