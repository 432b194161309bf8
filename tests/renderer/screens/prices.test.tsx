import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { ApiCallError } from '../../../src-shared/api/client';
import type { PricesView } from '../../../src-shared/api/views';
import PricesScreen from '../../../src-renderer/src/screens/prices/PricesScreen';
import { FakeIslandApi } from '../fake-api';
import { cargo, prices } from '../fixtures';
import { renderWithApi } from '../render';

afterEach(cleanup);

/** An agent that keeps prices in memory and answers with the new view, like the real one. */
function pricingAgent(initial: PricesView = prices()) {
  let view = initial;
  const api = new FakeIslandApi({
    'prices.get': () => view,
    'prices.set': ({ slug, price }) => {
      view = {
        ...view,
        cargos: view.cargos.map((c) => (c.slug === slug ? { ...c, price, effectivePrice: price ?? view.defaultPrice } : c)),
      };
      return view;
    },
    'prices.setDefault': ({ price }) => {
      view = { ...view, defaultPrice: price, cargos: view.cargos.map((c) => ({ ...c, effectivePrice: c.price ?? price })) };
      return view;
    },
  });
  return api;
}

describe('Prices screen', () => {
  it('lists every Cargo with its price, market rate and effective price', async () => {
    renderWithApi(<PricesScreen />, pricingAgent());
    const mistral = await screen.findByTestId('price-row-gguf-mistral-7b');
    expect(within(mistral).getByText('Mistral 7B Instruct')).toBeTruthy();
    expect((screen.getByLabelText('Asking price for Mistral 7B Instruct') as HTMLInputElement).value).toBe('2.0');
    expect(screen.getByTestId('market-rate-gguf-mistral-7b').textContent).toBe('1.8 cr');
    expect(screen.getByTestId('effective-price-gguf-mistral-7b').textContent).toBe('2.0 cr');
    // No own price: the field is empty, the default shows as the effective price.
    expect((screen.getByLabelText('Asking price for Image generation') as HTMLInputElement).value).toBe('');
    expect(screen.getByTestId('effective-price-image-gen').textContent).toBe('1.0 crdefault');
    expect((screen.getByLabelText('Default asking price') as HTMLInputElement).value).toBe('1.0');
  });

  it('validates as the owner types (the agent rule), and saves a valid price with prices.set', async () => {
    const api = pricingAgent();
    renderWithApi(<PricesScreen />, api);
    const input = await screen.findByLabelText('Asking price for Image generation');
    const save = screen.getByRole('button', { name: 'Save price for Image generation' });
    expect(save).toHaveProperty('disabled', true);

    fireEvent.change(input, { target: { value: '1,5' } });
    expect(screen.getByTestId('price-error-image-gen').textContent).toBe('"1,5" is not a price: use a plain number of credits such as 1.5');
    expect(input.getAttribute('aria-invalid')).toBe('true');
    expect(save).toHaveProperty('disabled', true);
    fireEvent.change(input, { target: { value: '0' } });
    expect(screen.getByTestId('price-error-image-gen').textContent).toBe('a price must be above zero');

    fireEvent.change(input, { target: { value: '4.75' } });
    expect(screen.queryByTestId('price-error-image-gen')).toBeNull();
    fireEvent.click(save);
    await waitFor(() => expect(screen.getByTestId('effective-price-image-gen').textContent).toBe('4.75 cr'));
    expect(api.callsOf('prices.set')).toEqual([{ slug: 'image-gen', price: '4.75' }]);
    expect((input as HTMLInputElement).value).toBe('4.75');
  });

  it('shows an agent refusal under the field it names (ApiCallError.field)', async () => {
    const api = pricingAgent();
    api.handlers['prices.set'] = () => Promise.reject(new ApiCallError({ code: 'bad-request', message: 'params.price: above the coordinator maximum of 1000', field: 'params.price' }));
    renderWithApi(<PricesScreen />, api);
    const input = await screen.findByLabelText('Asking price for Mistral 7B Instruct');
    fireEvent.change(input, { target: { value: '5000' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save price for Mistral 7B Instruct' }));
    const error = await screen.findByTestId('price-error-gguf-mistral-7b');
    expect(error.textContent).toBe('params.price: above the coordinator maximum of 1000');
    expect(input.getAttribute('aria-invalid')).toBe('true');
    expect(input.getAttribute('aria-describedby')).toBe(error.id);
    // The other rows are untouched, and the typed value is kept for correcting.
    expect(screen.queryByTestId('price-error-image-gen')).toBeNull();
    expect((input as HTMLInputElement).value).toBe('5000');
  });

  it('"Use default" removes a Cargo\'s own price (price null); the default price saves with prices.setDefault', async () => {
    const api = pricingAgent();
    renderWithApi(<PricesScreen />, api);
    const row = await screen.findByTestId('price-row-gguf-mistral-7b');
    fireEvent.click(within(row).getByRole('button', { name: 'Use default' }));
    await waitFor(() => expect(screen.getByTestId('effective-price-gguf-mistral-7b').textContent).toBe('1.0 crdefault'));
    expect(api.callsOf('prices.set')).toEqual([{ slug: 'gguf-mistral-7b', price: null }]);

    fireEvent.change(screen.getByLabelText('Default asking price'), { target: { value: '0.8' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save price for the default' }));
    await waitFor(() => expect(screen.getByTestId('effective-price-image-gen').textContent).toBe('0.8 crdefault'));
    expect(api.callsOf('prices.setDefault')).toEqual([{ price: '0.8' }]);
  });

  it('filters the Cargos by name or slug', async () => {
    renderWithApi(<PricesScreen />, pricingAgent());
    fireEvent.change(await screen.findByLabelText('Filter Cargos'), { target: { value: 'IMAGE' } });
    expect(screen.queryByTestId('price-row-gguf-mistral-7b')).toBeNull();
    expect(screen.getByTestId('price-row-image-gen')).toBeTruthy();
    fireEvent.change(screen.getByLabelText('Filter Cargos'), { target: { value: 'mistral-7' } });
    expect(screen.getByTestId('price-row-gguf-mistral-7b')).toBeTruthy();
    fireEvent.change(screen.getByLabelText('Filter Cargos'), { target: { value: 'zzz' } });
    expect(screen.getByText('No Cargo matches "zzz".')).toBeTruthy();
  });

  it('says whether the coordinator\'s asking-prices API got the prices', async () => {
    const api = pricingAgent(prices({ apiSync: { state: 'failed', at: 0, error: 'HTTP 503' } }));
    renderWithApi(<PricesScreen />, api);
    expect((await screen.findByTestId('prices-api-sync')).textContent).toBe("Could not send the prices to the coordinator's API: HTTP 503. The next heartbeat carries them anyway.");
    api.emit({ type: 'prices', prices: prices({ apiSync: { state: 'posted', at: Date.parse('2026-05-04T10:00:00') } }) });
    await waitFor(() => expect(screen.getByTestId('prices-api-sync').textContent).toBe("Sent to the coordinator's asking-prices API at 10:00:00."));
  });

  it('says why market rates are missing, and follows prices pushed by the agent', async () => {
    const api = pricingAgent(prices({ marketUnavailable: 'no api_url configured', cargos: [cargo({ slug: 'llm-chat', name: 'LLM chat' })] }));
    renderWithApi(<PricesScreen />, api);
    expect((await screen.findByTestId('market-unavailable')).textContent).toBe('Market rates are unavailable: no api_url configured');
    expect(screen.getByTestId('market-rate-llm-chat').textContent).toBe('—');
    api.emit({ type: 'prices', prices: prices({ cargos: [cargo({ slug: 'llm-chat', name: 'LLM chat', price: '3', effectivePrice: '3', marketRate: 2.5 })] }) });
    await waitFor(() => expect(screen.getByTestId('market-rate-llm-chat').textContent).toBe('2.5 cr'));
    expect((screen.getByLabelText('Asking price for LLM chat') as HTMLInputElement).value).toBe('3');
    expect(screen.queryByTestId('market-unavailable')).toBeNull();
  });
});
