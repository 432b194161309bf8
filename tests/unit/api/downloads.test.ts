// Downloads as the storage page lists them: latest state per download, finished ones dropped later.
import { describe, expect, it } from 'vitest';
import { DownloadTracker } from '../../../src-main/agent/api/downloads';

describe('DownloadTracker', () => {
  it('keeps the latest state of each pull and download, and drops finished ones after a while', () => {
    let now = 0;
    const t = new DownloadTracker(() => now, 60_000);
    t.apply({ type: 'image-pull', image: 'ghcr.io/a/b:1', phase: 'started' });
    now = 10;
    t.apply({ type: 'image-pull', image: 'ghcr.io/a/b:1', phase: 'progress', currentBytes: 50, totalBytes: 200 });
    now = 20;
    t.apply({ type: 'download', url: 'https://x/m.gguf', phase: 'progress', receivedBytes: 5, source: 'model', key: 'k1', uri: 'hf://org/m', purpose: 'preload' });
    t.apply({ type: 'download', url: 'https://x/c.wasm', phase: 'failed', error: 'HTTP 404' });
    expect(t.apply({ type: 'availability', runtime: 'wasm', available: true })).toBeNull();
    expect(t.list()).toEqual([
      { id: 'model:k1', kind: 'model', target: 'hf://org/m', phase: 'progress', receivedBytes: 5, totalBytes: null, error: null, updatedAt: 20 },
      { id: 'wasm:https://x/c.wasm', kind: 'wasm', target: 'https://x/c.wasm', phase: 'failed', receivedBytes: 0, totalBytes: null, error: 'HTTP 404', updatedAt: 20 },
      { id: 'image:ghcr.io/a/b:1', kind: 'image', target: 'ghcr.io/a/b:1', phase: 'progress', receivedBytes: 50, totalBytes: 200, error: null, updatedAt: 10 },
    ]);
    now = 30;
    expect(t.apply({ type: 'image-pull', image: 'ghcr.io/a/b:1', phase: 'done' })).toMatchObject({ phase: 'done', receivedBytes: 200, totalBytes: 200 });
    now = 70_000;
    expect(t.list().map((d) => d.id)).toEqual(['model:k1']);
  });
});
