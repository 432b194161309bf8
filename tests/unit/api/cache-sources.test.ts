// The image and model caches as the storage page sees them: what is listed, what may be freed.
import { describe, expect, it } from 'vitest';
import { ImageCacheSource } from '../../../src-main/agent/api/image-cache-source';
import { ModelCacheSource, type ModelCacheLike } from '../../../src-main/agent/api/model-cache-source';
import { CacheBook } from '../../../src-main/agent/runtimes/images/cache-book';
import { ModelEvictError, type ModelCacheItem } from '../../../src-main/agent/models/model-cache';
import { createTestLogger } from '../../helpers/test-logger';

function fakeDocker(inUse: string[], refuse: string[] = []) {
  const removed: string[] = [];
  return {
    removed,
    docker: {
      listContainers: async () => inUse.map((ImageID) => ({ ImageID })),
      getImage: (id: string) => ({
        remove: async () => {
          if (refuse.includes(id)) throw new Error('conflict: image is referenced in multiple repositories');
          removed.push(id);
        },
      }),
    } as unknown as ConstructorParameters<typeof ImageCacheSource>[0]['docker'],
  };
}

describe('ImageCacheSource', () => {
  it('lists every cached image, frees only the Island’s own unused ones, and saves the book', async () => {
    let t = 100;
    const book = new CacheBook({ maxImages: 10, maxBytes: 1e12, warmTtlMs: 1 }, () => t);
    book.recordUse('sha256:ours', ['ghcr.io/a/x:1'], 1000, true);
    t = 200;
    book.recordUse('sha256:busy', ['ghcr.io/a/y:1'], 2000, true);
    book.recordUse('sha256:owners', ['docker.io/library/nginx:latest'], 4000, false);
    book.recordUse('sha256:tagged', ['ghcr.io/a/z:1'], 8000, true);
    const { docker, removed } = fakeDocker(['sha256:busy'], ['sha256:tagged']);
    let saved = 0;
    const src = new ImageCacheSource({ docker, book, persist: () => saved++, capBytes: 50_000, log: createTestLogger() });
    expect((await src.list()).map((i) => [i.id, i.name, i.inUse])).toEqual([
      ['image:sha256:busy', 'ghcr.io/a/y:1', true],
      ['image:sha256:owners', 'docker.io/library/nginx:latest', false],
      ['image:sha256:tagged', 'ghcr.io/a/z:1', false],
      ['image:sha256:ours', 'ghcr.io/a/x:1', false],
    ]);
    expect(src.usage()).toEqual({ usedBytes: 15_000, capBytes: 50_000 });
    await expect(src.free('image:sha256:busy')).rejects.toThrow('used by a container');
    await expect(src.free('image:sha256:owners')).rejects.toThrow('remove it with docker');
    await expect(src.free('image:sha256:nope')).rejects.toThrow('no cached image');
    expect(await src.free(null)).toBe(1000);
    expect(removed).toEqual(['sha256:ours']);
    expect([...book.images.keys()].sort()).toEqual(['sha256:busy', 'sha256:owners', 'sha256:tagged']);
    expect(saved).toBe(1);
  });
});

describe('ModelCacheSource', () => {
  const item = (key: string, over: Partial<ModelCacheItem> = {}): ModelCacheItem => ({
    key, uri: `hf://org/${key}`, url: null, fileName: `${key}.gguf`, path: `/c/${key}`, sizeBytes: 100, lastUsedAt: 5, inUse: false, complete: true, sha256: null, ...over,
  });

  it('maps entries, routes frees, and turns refusals into busy or unknown', async () => {
    const evicted: string[] = [];
    const cache: ModelCacheLike = {
      list: () => [item('a'), item('b', { complete: false, uri: null, inUse: true })],
      capBytes: 1000,
      evict: async (key: string) => {
        if (key === 'b') throw new ModelEvictError('in-use', 'model b.gguf is in use by a running job');
        if (key === 'zz') throw new ModelEvictError('unknown', 'no cached model with key zz');
        evicted.push(key);
        return { freedBytes: 100 };
      },
      freeUnused: async () => ({ removed: ['a'], freedBytes: 100 }),
    };
    const src = new ModelCacheSource(cache);
    expect(await src.list()).toEqual([
      { id: 'model:a', kind: 'model', name: 'hf://org/a', sizeBytes: 100, lastUsedAt: 5, inUse: false },
      { id: 'model:b', kind: 'model', name: 'b.gguf (partial download)', sizeBytes: 100, lastUsedAt: 5, inUse: true },
    ]);
    expect(src.usage()).toEqual({ usedBytes: 200, capBytes: 1000 });
    expect(await src.free('model:a')).toBe(100);
    expect(evicted).toEqual(['a']);
    await expect(src.free('model:b')).rejects.toMatchObject({ name: 'CacheItemBusy', message: 'model b.gguf is in use by a running job' });
    await expect(src.free('model:zz')).rejects.toMatchObject({ name: 'CacheItemUnknown' });
    expect(await src.free(null)).toBe(100);
  });
});
