import { afterEach, describe, expect, it, vi } from 'vitest';
import { PullProgress, Throttle, pullStreamError } from '../../../../src-main/agent/runtimes/images/pull-progress';

describe('PullProgress', () => {
  it('sums layer bytes across Docker messages', () => {
    const p = new PullProgress();
    expect(p.add({ status: 'Pulling from test/app', id: 'x@sha256:1' })).toBe(false);
    p.add({ status: 'Pulling fs layer', id: 'l1', progressDetail: {} });
    p.add({ status: 'Already exists', id: 'l0', progressDetail: {} });
    expect(p.add({ status: 'Downloading', id: 'l1', progressDetail: { current: 10, total: 100 } })).toBe(true);
    p.add({ status: 'Downloading', id: 'l2', progressDetail: { current: 5, total: 50 } });
    expect(p.bytes()).toEqual({ currentBytes: 15, totalBytes: 150 });
    p.add({ status: 'Download complete', id: 'l1', progressDetail: {} });
    expect(p.bytes()).toEqual({ currentBytes: 105, totalBytes: 150 });
    // Extracting reports bytes again: they must not be counted twice.
    expect(p.add({ status: 'Extracting', id: 'l1', progressDetail: { current: 50, total: 100 } })).toBe(false);
    expect(p.bytes()).toEqual({ currentBytes: 105, totalBytes: 150 });
  });
  it('no total until a layer size is known', () => {
    const p = new PullProgress();
    p.add({ status: 'Pulling fs layer', id: 'l1' });
    expect(p.bytes()).toEqual({ currentBytes: 0 });
  });
  it('reads Docker error messages', () => {
    expect(pullStreamError({ errorDetail: { message: 'manifest unknown' }, error: 'x' })).toBe('manifest unknown');
    expect(pullStreamError({ error: 'denied' })).toBe('denied');
    expect(pullStreamError({ status: 'ok' })).toBeUndefined();
  });
});

describe('Throttle', () => {
  afterEach(() => vi.useRealTimers());
  it('fires at most once per interval and delays (not drops) the rest', () => {
    vi.useFakeTimers();
    const fn = vi.fn();
    const t = new Throttle(250, fn, () => Date.now());
    t.request();
    t.request();
    t.request();
    expect(fn).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(249);
    expect(fn).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(1);
    expect(fn).toHaveBeenCalledTimes(2);
    for (let i = 0; i < 100; i++) {
      t.request();
      vi.advanceTimersByTime(10);
    }
    // 1000 ms of requests → about 4 calls.
    expect(fn.mock.calls.length).toBeLessThanOrEqual(7);
    t.cancel();
  });
});
