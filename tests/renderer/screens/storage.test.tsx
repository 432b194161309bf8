import { act, cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { StorageView } from '../../../src-shared/api/views';
import StorageScreen from '../../../src-renderer/src/screens/storage/StorageScreen';
import { FakeIslandApi } from '../fake-api';
import { storage, T0 } from '../fixtures';
import { renderWithApi } from '../render';

afterEach(cleanup);

function agent() {
  let view: StorageView = storage();
  return new FakeIslandApi({
    'storage.get': () => view,
    'storage.free': (target) => {
      const before = view.models.usedBytes;
      const keep = (items: StorageView['models']['items']) => items.filter((i) => i.inUse || ('id' in target ? i.id !== target.id : target.kind !== 'all' && target.kind !== i.kind));
      const models = keep(view.models.items);
      view = { ...view, models: { ...view.models, items: models, usedBytes: models.reduce((s, i) => s + i.sizeBytes, 0) } };
      return { ...view, freedBytes: before - view.models.usedBytes };
    },
  });
}

describe('Models and images screen', () => {
  it('lists cached items with sizes, cache use and disk free; items in use cannot be freed', async () => {
    renderWithApi(<StorageScreen />, agent());
    const model = await screen.findByTestId('cached-model:mistral-7b');
    expect(within(model).getByText('mistral-7b-instruct.Q4_K_M.gguf')).toBeTruthy();
    expect(within(model).getByText('4.4 GB')).toBeTruthy();
    expect(screen.getByTestId('disk-free').textContent).toBe('120 GB');
    expect(screen.getByTestId('cache-model').textContent).toContain('4.4 GB used of 20.0 GB');
    const image = screen.getByTestId('cached-image:sha256:abc');
    expect(within(image).getByText('in use')).toBeTruthy();
    expect(within(image).queryByRole('button')).toBeNull();
    expect(within(screen.getByTestId('cache-image')).getByRole('button', { name: 'Free all unused images' })).toHaveProperty('disabled', true);
  });

  it('frees one item through storage.free and says how much was freed', async () => {
    const api = agent();
    renderWithApi(<StorageScreen />, api);
    fireEvent.click(await screen.findByRole('button', { name: 'Free mistral-7b-instruct.Q4_K_M.gguf' }));
    await waitFor(() => expect(screen.getByTestId('storage-message').textContent).toBe('Freed 4.4 GB.'));
    expect(api.callsOf('storage.free')).toEqual([{ id: 'model:mistral-7b' }]);
    expect(screen.queryByTestId('cached-model:mistral-7b')).toBeNull();
    expect(screen.getByText('No models cached.')).toBeTruthy();
  });

  it('frees a whole kind, and everything unused', async () => {
    const api = agent();
    renderWithApi(<StorageScreen />, api);
    fireEvent.click(await screen.findByRole('button', { name: 'Free all unused models' }));
    await screen.findByText('No models cached.');
    fireEvent.click(screen.getByRole('button', { name: 'Free all unused' }));
    await waitFor(() => expect(api.callsOf('storage.free')).toEqual([{ kind: 'model' }, { kind: 'all' }]));
  });

  it('shows downloads with progress bars as download events arrive', async () => {
    const api = agent();
    renderWithApi(<StorageScreen />, api);
    await screen.findByText('Nothing is downloading.');
    const d = { id: 'dl-1', kind: 'model' as const, target: 'hf://TheBloke/Mistral-7B/q4.gguf', phase: 'progress' as const, receivedBytes: 1_000_000_000, totalBytes: 4_000_000_000, error: null, updatedAt: T0 };
    act(() => api.emit({ type: 'download', download: d }));
    const bar = await screen.findByRole('progressbar', { name: 'Download of model hf://TheBloke/Mistral-7B/q4.gguf' });
    expect(bar.getAttribute('value')).toBe('0.25');
    expect(screen.getByTestId('download-dl-1').textContent).toContain('1.0 GB of 4.0 GB (25%)');
    act(() => api.emit({ type: 'download', download: { ...d, phase: 'failed', error: 'hash mismatch', updatedAt: T0 + 1 } }));
    await waitFor(() => expect(screen.getByTestId('download-dl-1').textContent).toContain('hash mismatch'));
    expect(screen.getAllByTestId(/^download-/)).toHaveLength(1);
  });
});
