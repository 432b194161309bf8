import { describe, expect, it } from 'vitest';
import { CacheBook } from '../../../../src-main/agent/runtimes/images/cache-book';

const MIB = 1024 * 1024;

function book(limits: Partial<{ maxImages: number; maxBytes: number; warmTtlMs: number }> = {}) {
  let t = 1_000_000;
  const b = new CacheBook({ maxImages: 20, maxBytes: 50 * 1024 * MIB, warmTtlMs: 3600_000, ...limits }, () => t);
  return { b, advance: (ms: number) => (t += ms), now: () => t };
}

describe('image tracking by id', () => {
  it('counts an image with two tags once, at its size once', () => {
    const { b } = book();
    b.recordUse('sha256:a', ['r/x:1'], 100 * MIB, true);
    b.recordUse('sha256:a', ['r/x:latest'], 100 * MIB, true);
    expect(b.metrics()).toMatchObject({ cached_image_count: 1, cached_size_mb: 100 });
    expect(b.images.get('sha256:a')).toMatchObject({ refs: ['r/x:1', 'r/x:latest'], useCount: 2 });
  });
  it('an image the owner had stays the owner\'s', () => {
    const { b } = book();
    b.recordUse('sha256:a', ['r/x:1'], 1, false);
    b.recordUse('sha256:a', ['r/x:1'], 1, true);
    expect(b.images.get('sha256:a')?.pulledByIsland).toBe(false);
  });
  it('a pre-pull does not count as a use', () => {
    const { b } = book();
    b.recordUse('sha256:a', ['r/x:1'], 1, true, false);
    expect(b.images.get('sha256:a')?.useCount).toBe(0);
  });
  it('reconcile forgets images Docker no longer has and takes its sizes', () => {
    const { b } = book();
    b.recordUse('sha256:a', ['a'], 1, true);
    b.recordUse('sha256:b', ['b'], 1, true);
    expect(b.reconcile(new Map([['sha256:b', { sizeBytes: 7 }]]))).toEqual(['sha256:a']);
    expect([...b.images.keys()]).toEqual(['sha256:b']);
    expect(b.images.get('sha256:b')?.sizeBytes).toBe(7);
  });
});

describe('LRU eviction plan', () => {
  it('by count: removes the least recently used of the Island\'s own images, just enough', () => {
    const { b, advance } = book({ maxImages: 2 });
    for (const id of ['a', 'b', 'c', 'd']) {
      b.recordUse(id, [id], 10, true);
      advance(1000);
    }
    b.recordUse('a', ['a'], 10, true); // a is now the most recent
    expect(b.evictionPlan(new Set(), 0).map((e) => e.id)).toEqual(['b', 'c']);
  });
  it('by size: removes until the total fits', () => {
    const { b, advance } = book({ maxBytes: 250 });
    for (const [id, size] of [['a', 100], ['b', 100], ['c', 100]] as const) {
      b.recordUse(id, [id], size, true);
      advance(1000);
    }
    expect(b.evictionPlan(new Set(), 0).map((e) => e.id)).toEqual(['a']);
  });
  it('both limits: whichever needs more', () => {
    const { b, advance } = book({ maxImages: 3, maxBytes: 150 });
    for (const id of ['a', 'b', 'c']) {
      b.recordUse(id, [id], 100, true);
      advance(1000);
    }
    expect(b.evictionPlan(new Set(), 0).map((e) => e.id)).toEqual(['a', 'b']);
  });
  it('never the owner\'s images, nor one a container uses, nor one used within the grace period', () => {
    const { b, advance } = book({ maxImages: 0 });
    b.recordUse('owner', ['o'], 10, false);
    b.recordUse('running', ['r'], 10, true);
    b.recordUse('old', ['x'], 10, true);
    advance(60_000);
    b.recordUse('fresh', ['f'], 10, true);
    expect(b.evictionPlan(new Set(['running']), 30_000).map((e) => e.id)).toEqual(['old']);
  });
  it('the owner\'s images do not count against the limits', () => {
    const { b } = book({ maxImages: 1, maxBytes: 100 });
    b.recordUse('owner', ['o'], 1000, false);
    b.recordUse('ours', ['x'], 50, true);
    expect(b.evictionPlan(new Set(), 0)).toEqual([]);
  });
});

describe('warm Cargos and warmth (§9.2)', () => {
  it('warm = last successful run within the TTL; most recent first', () => {
    const { b, advance } = book({ warmTtlMs: 10_000 });
    b.recordRun('w1', 'img');
    advance(1000);
    b.recordRun('w2', 'img');
    expect(b.metrics()).toMatchObject({ warm_workload_count: 2, warm_workload_ids: ['w2', 'w1'] });
    advance(9500);
    expect(b.metrics().warm_workload_ids).toEqual(['w2']);
    expect(b.pruneWarm()).toBe(1);
    expect([...b.warm.keys()]).toEqual(['w2']);
  });
  it('score: 50 warm + 30 cached + min(use_count, 20)', () => {
    const { b } = book();
    expect(b.warmth('w', 'r/x:1')).toBe(0);
    b.recordUse('id', ['r/x:1'], 1, true);
    expect(b.warmth(null, 'r/x:1')).toBe(31);
    b.recordRun('w', 'r/x:1');
    expect(b.warmth('w', 'r/x:1')).toBe(81);
    for (let i = 0; i < 30; i++) b.recordUse('id', ['r/x:1'], 1, true);
    expect(b.warmth('w', 'r/x:1')).toBe(100);
    expect(b.warmth('w', 'other:1')).toBe(50);
  });
  it('metrics are all zeros at first', () => {
    expect(book().b.metrics()).toEqual({ cached_image_count: 0, cached_size_mb: 0, warm_workload_count: 0, warm_workload_ids: [] });
  });
});
