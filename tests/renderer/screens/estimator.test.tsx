// The estimator screen writes down the estimator module's figures as the reference calculator
// shows them. Expected values are product.md §1 (WEB@SPEC: 20 % fee, $0.01/credit), Tables A–C.
import { cleanup, fireEvent, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { estimateEarnings } from '../../../src-shared/domain/estimator';
import EstimatorScreen from '../../../src-renderer/src/screens/estimator/EstimatorScreen';
import { FakeIslandApi } from '../fake-api';
import { hardware, status } from '../fixtures';
import { renderWithApi } from '../render';

afterEach(cleanup);

const withGpus = (gpus: Array<{ name: string; vramMb: number }>) =>
  new FakeIslandApi({ 'status.get': () => status({ hardware: hardware({ gpus: gpus.map((g, index) => ({ index, offered: true, ...g })) }) }) });

const text = (id: string) => screen.getByTestId(id).textContent;

describe('Estimator screen', () => {
  it('preselects the detected RTX 4090 and shows the reference figures at 8 h/day', async () => {
    renderWithApi(<EstimatorScreen />, withGpus([{ name: 'NVIDIA GeForce RTX 4090', vramMb: 24_564 }]));
    expect(await screen.findByTestId('calc-daily')).toHaveProperty('textContent', '2,816');
    expect((screen.getByLabelText('GPU') as HTMLSelectElement).value).toBe('nvidia-rtx-4090');
    expect(screen.getByRole('option', { name: 'NVIDIA RTX 4090 (24 GB)' })).toBeTruthy();
    expect(text('estimator-hours-value')).toBe('8h');
    expect(text('calc-monthly')).toBe('84,480');
    expect(text('calc-usd')).toBe('$844.80');
    expect(text('estimator-tier')).toBe('Hardware tier: enterprise (2x multiplier)');
    expect(text('estimator-best')).toBe('Best Cargo: LLM Chat (13B)');
    expect(text('estimator-detected')).toBe('Detected NVIDIA GeForce RTX 4090.');

    const row13b = within(screen.getByTestId('estimator-cargo-llm-13b'));
    expect(row13b.getByText('Perfect')).toBeTruthy();
    expect(row13b.getByText('69 tok/s')).toBeTruthy();
    expect(row13b.getByText('352 cr/hr')).toBeTruthy();
    const row70b = screen.getByTestId('estimator-cargo-llm-70b');
    expect(row70b.className).toBe('muted');
    expect(within(row70b).getByText('Needs 40 GB')).toBeTruthy();
    expect(within(row70b).getAllByText('—')).toHaveLength(2);
    expect(within(screen.getByTestId('estimator-cargo-image-gen')).getByText('18 jobs/hr')).toBeTruthy();
    expect(within(screen.getByTestId('estimator-cargo-wasm-task')).getByText('45 jobs/hr')).toBeTruthy();
  });

  it('compares all GPUs as Table C: sorted, compare-rounded, USD without separators, ★ on the RTX 3080 Ti', async () => {
    renderWithApi(<EstimatorScreen />, withGpus([]));
    await screen.findByTestId('calc-daily');
    const rows = within(screen.getByTestId('estimator-comparison')).getAllByRole('row').slice(1);
    expect(rows).toHaveLength(51);
    const cells = (r: HTMLElement) => within(r).getAllByRole('cell').map((c) => c.textContent);
    expect(cells(rows[0]!)).toEqual(['NVIDIA H100', 'Enterprise', '80 GB', 'LLM Chat (70B)', '261,120', '$2611.20']);
    expect(cells(rows[1]!)).toEqual(['NVIDIA A100 80GB', 'Enterprise', '80 GB', 'LLM Chat (70B)', '181,248', '$1812.48']);
    expect(cells(rows[2]!)).toEqual(['NVIDIA RTX 5090', 'Enterprise', '32 GB', 'LLM Chat (13B)', '114,432', '$1144.32']);
    expect(cells(rows[50]!)).toEqual(['CPU only (no GPU)', 'CPU', '—', 'WASM Task', '2,160', '$21.60']);
    expect(cells(rows[49]!)).toEqual(['Apple M3 Pro', 'Entry', '18 GB', 'Image Generation', '10,368', '$103.68']);
    const sweet = screen.getAllByTestId('sweet-spot');
    expect(sweet).toHaveLength(1);
    expect(sweet[0]!.closest('tr')!.getAttribute('data-testid')).toBe('compare-row-nvidia-rtx-3080-ti');
    expect(within(screen.getByTestId('compare-row-nvidia-rtx-3080-ti')).getByTestId('compare-monthly').textContent).toBe('59,904');
    expect(text('comparison-subtitle')).toBe('Best-case monthly earnings at 8h/day, 15% utilization, $0.01/credit.');
    // No GPU detected: the CPU-only entry, and its row is marked as the selected one.
    expect(text('calc-daily')).toBe('72');
    expect(text('calc-monthly')).toBe('2,160');
    expect(text('calc-usd')).toBe('$21.60');
    expect(screen.getByTestId('compare-row-cpu-only').getAttribute('aria-current')).toBe('true');
  });

  it('follows the hours slider and the GPU menu, always with the module\'s figures', async () => {
    renderWithApi(<EstimatorScreen />, withGpus([{ name: 'NVIDIA GeForce RTX 4090', vramMb: 24_564 }]));
    await screen.findByTestId('calc-daily');
    fireEvent.change(screen.getByRole('slider', { name: /Hours online per day/ }), { target: { value: '4' } });
    expect(text('estimator-hours-value')).toBe('4h');
    expect(text('comp-hours')).toBe('4');
    expect(text('calc-daily')).toBe('1,408');
    expect(text('calc-monthly')).toBe('42,240');
    expect(text('calc-usd')).toBe('$422.40');

    fireEvent.change(screen.getByLabelText('GPU'), { target: { value: 'nvidia-h100' } });
    const h100 = estimateEarnings({ gpuId: 'nvidia-h100', hoursPerDay: 4 });
    expect(text('calc-daily')).toBe(h100.creditsPerDay.toLocaleString('en-US'));
    expect(text('calc-usd')).toBe(`$${h100.usdPerMonth}`);
    fireEvent.change(screen.getByRole('slider', { name: /Hours online per day/ }), { target: { value: '8' } });
    expect(text('calc-daily')).toBe('8,704');
    expect(text('calc-monthly')).toBe('261,120');
    expect(text('estimator-tier')).toBe('Hardware tier: enterprise (2x multiplier)');
    expect(screen.getByRole('img', { name: /Monthly credits of every GPU at 8h\/day, highest NVIDIA H100 with 261,120/ })).toBeTruthy();
  });

  it('does not guess for a laptop GPU: nothing preselected, the closest entries offered', async () => {
    renderWithApi(<EstimatorScreen />, withGpus([{ name: 'NVIDIA GeForce RTX 4090 Laptop GPU', vramMb: 16_376 }]));
    const note = await screen.findByTestId('estimator-detected');
    expect(note.textContent).toContain('a laptop GPU, slower than the desktop card of the same name');
    expect((screen.getByLabelText('GPU') as HTMLSelectElement).value).toBe('');
    expect(screen.queryByTestId('calc-daily')).toBeNull();
    const pick = within(note).getAllByRole('button')[0]!;
    fireEvent.click(pick);
    expect((screen.getByLabelText('GPU') as HTMLSelectElement).value).not.toBe('');
    expect(screen.getByTestId('calc-daily')).toBeTruthy();
  });
});
