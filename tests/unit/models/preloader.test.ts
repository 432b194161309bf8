// The Preloader's queue with a fake cache: one model at a time in arrival order, nothing queued
// twice or when already cached, a bounded queue, and stop() that drops what is left.
import { describe, expect, it } from 'vitest';
import type { ResolvedModel } from '../../../src-main/agent/models/hf-resolver';
import type { ModelLease, ModelRequest } from '../../../src-main/agent/models/model-store';
import { Preloader, type PreloadCache } from '../../../src-main/agent/models/preload/preloader';
import { recommendationsUrl } from '../../../src-main/agent/models/preload/recommendations-poll';
import type { PreloadRecommendation } from '../../../src-shared/protocol/messages';
import { createTestLogger } from '../../helpers/test-logger';

class FakeCache implements PreloadCache {
  readonly requests: ModelRequest[] = [];
  readonly cached = new Set<string>();
  private pending: Array<() => void> = [];
  active = 0;
  maxActive = 0;

  async acquire(req: ModelRequest): Promise<ModelLease> {
    this.requests.push(req);
    this.active += 1;
    this.maxActive = Math.max(this.maxActive, this.active);
    await new Promise<void>((resolve, reject) => {
      this.pending.push(resolve);
      req.signal?.addEventListener('abort', () => reject(new Error('aborted')));
    });
    this.active -= 1;
    this.cached.add(req.uri);
    return { path: `/cache/${req.uri}`, key: req.uri, sizeBytes: 1, release: () => {} };
  }
  async resolve(uri: string): Promise<ResolvedModel> {
    return { uri, url: uri, fileName: uri.split('/').at(-1)!, key: uri };
  }
  peek(uri: string) {
    return { key: uri, state: this.cached.has(uri) ? ('cached' as const) : ('absent' as const) };
  }
  finishOne(): void {
    this.pending.shift()?.();
  }
}

const rec = (model_url: string | null): PreloadRecommendation => ({
  type: null, workload_slug: 'w', model_url, model_hash: null, runtime_type: 'llmcpp', estimated_earnings_per_job: null, queued_demand: null, demand_score: null, priority: null,
});
const tick = () => new Promise((r) => setImmediate(r));

describe('Preloader', () => {
  it('downloads one at a time, in order, and never queues a model twice or one already cached', async () => {
    const cache = new FakeCache();
    cache.cached.add('https://x.test/cached.gguf');
    const p = new Preloader({ cache, log: createTestLogger(), starter: [{ uri: 'https://x.test/a.gguf', name: 'A', runtime: 'gguf', minRamMb: 0, minVramMb: 0 }], enabled: true });
    p.recommend(rec('https://x.test/early.gguf')); // before start: ignored
    p.start();
    p.recommend(rec('https://x.test/b.gguf'));
    p.recommend(rec('https://x.test/a.gguf'));
    p.recommend(rec('https://x.test/b.gguf'));
    p.recommend(rec('https://x.test/cached.gguf'));
    await tick();
    expect(p.status().current?.uri).toBe('https://x.test/a.gguf');
    expect(p.status().queued.map((q) => q.uri)).toEqual(['https://x.test/b.gguf']);
    cache.finishOne();
    await tick();
    cache.finishOne();
    await p.idle();
    expect(cache.requests.map((r) => [r.uri, r.purpose])).toEqual([
      ['https://x.test/a.gguf', 'preload'],
      ['https://x.test/b.gguf', 'preload'],
    ]);
    expect(cache.maxActive).toBe(1);
    await p.stop();
  });

  it('a full queue drops recommendations with a warning', async () => {
    const cache = new FakeCache();
    const log = createTestLogger();
    const p = new Preloader({ cache, log, starter: [], enabled: true, maxQueue: 2 });
    p.start();
    for (const n of [1, 2, 3, 4]) p.recommend(rec(`https://x.test/${n}.gguf`));
    await tick();
    // 1 is running, 2 and 3 wait, 4 is dropped.
    expect(p.status().queued.map((q) => q.uri)).toEqual(['https://x.test/2.gguf', 'https://x.test/3.gguf']);
    expect(log.has({ level: 'warn', msg: 'preload queue is full; recommendation dropped', fields: { uri: 'https://x.test/4.gguf' } })).toBe(true);
    await p.stop();
    expect(p.status()).toMatchObject({ current: null, queued: [] });
    expect(cache.requests).toHaveLength(1);
  });

  it('builds the recommendations URL with the host id escaped', () => {
    expect(recommendationsUrl('http://127.0.0.1:4000/', 'host a/b')).toBe('http://127.0.0.1:4000/api/v1/island/recommendations?host_id=host%20a%2Fb');
  });
});
