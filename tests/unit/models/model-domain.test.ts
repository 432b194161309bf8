// Pure rules of the model cache: hash spelling, where the HF token may go, Content-Range and
// If-Range, eviction planning, and the progress throttle.
import { describe, expect, it } from 'vitest';
import { parseContentRange, resumeValidator } from '../../../src-shared/domain/models/content-range';
import { planEviction, type EvictionCandidate } from '../../../src-shared/domain/models/eviction-plan';
import { isHuggingFaceUrl } from '../../../src-shared/domain/models/hf-hosts';
import { parseExpectedModelHash } from '../../../src-shared/domain/models/model-hash';
import { ProgressThrottle } from '../../../src-shared/domain/models/progress-throttle';

const HEX = 'ab'.repeat(32);

describe('parseExpectedModelHash (§7.3, case and prefix forgiven)', () => {
  it.each([null, undefined, '', '  ', 'sha256:placeholder'])('%j means no check', (raw) => {
    expect(parseExpectedModelHash(raw)).toEqual({ ok: true, value: { check: false } });
  });
  it.each([`sha256:${HEX}`, HEX, HEX.toUpperCase(), `sha256:${HEX.toUpperCase()}`, ` sha256:${HEX} `])('%j is the same hash', (raw) => {
    expect(parseExpectedModelHash(raw)).toEqual({ ok: true, value: { check: true, hex: HEX } });
  });
  it('a value that can never be a SHA-256 is refused with the value shown', () => {
    expect(parseExpectedModelHash('sha256:abc')).toEqual({ ok: false, error: 'model hash "sha256:abc" is not a SHA-256 digest (expected sha256:<64 hex digits>)' });
    expect(parseExpectedModelHash(`md5:${HEX}`).ok).toBe(false);
  });
});

describe('isHuggingFaceUrl: the token goes to Hugging Face only', () => {
  const real = new URL('https://huggingface.co');
  const local = new URL('http://127.0.0.1:4567');
  it.each([
    ['https://huggingface.co/a/b/resolve/main/x.gguf', real, true],
    ['https://cdn-lfs.huggingface.co/repos/x', real, true],
    ['https://cas-bridge.xethub.hf.co/x', real, true],
    ['https://hf.co/a', real, true],
    ['http://huggingface.co/a', real, false],
    ['https://huggingface.co:8443/a', real, false],
    ['https://evilhuggingface.co/a', real, false],
    ['https://huggingface.co.evil.com/a', real, false],
    ['https://example.com/huggingface.co/x', real, false],
    ['http://127.0.0.1:4567/a/b/resolve/main/x', local, true],
    ['http://127.0.0.1:4568/a', local, false],
    ['http://localhost:4567/a', local, false],
  ] as const)('%s (base %s) → %s', (url, base, expected) => {
    expect(isHuggingFaceUrl(new URL(url), base)).toBe(expected);
  });
});

describe('Content-Range and the If-Range validator', () => {
  it('parses bytes first-last/total and rejects nonsense', () => {
    expect(parseContentRange('bytes 100-199/200')).toEqual({ first: 100, last: 199, total: 200 });
    expect(parseContentRange('bytes 0-9/*')).toEqual({ first: 0, last: 9, total: null });
    expect(parseContentRange('bytes 10-5/20')).toBeNull();
    expect(parseContentRange('bytes 0-20/20')).toBeNull();
    expect(parseContentRange('items 0-1/2')).toBeNull();
    expect(parseContentRange(undefined)).toBeNull();
  });
  it('a strong ETag first, Last-Modified when the ETag is weak or missing, else nothing', () => {
    expect(resumeValidator('"abc"', 'Wed, 21 Oct 2026 07:28:00 GMT')).toBe('"abc"');
    expect(resumeValidator('W/"abc"', 'Wed, 21 Oct 2026 07:28:00 GMT')).toBe('Wed, 21 Oct 2026 07:28:00 GMT');
    expect(resumeValidator('W/"abc"', undefined)).toBeNull();
    expect(resumeValidator(undefined, undefined)).toBeNull();
  });
});

describe('planEviction (§7.4, the incoming file counted)', () => {
  const c = (key: string, sizeBytes: number, lastUsedAt: number, pinned = false): EvictionCandidate => ({ key, sizeBytes, lastUsedAt, pinned });

  it('nothing to do when the incoming file fits', () => {
    expect(planEviction([c('a', 40, 1)], 40, 60, 100)).toEqual({ ok: true, evict: [], freedBytes: 0 });
  });
  it('evicts least recently used first, only as many as needed', () => {
    const entries = [c('new', 30, 30), c('old', 30, 10), c('mid', 30, 20)];
    expect(planEviction(entries, 90, 40, 100)).toEqual({ ok: true, evict: ['old'], freedBytes: 30 });
    expect(planEviction(entries, 90, 50, 100)).toEqual({ ok: true, evict: ['old', 'mid'], freedBytes: 60 });
  });
  it('never evicts a pinned (leased or downloading) entry, even the oldest', () => {
    const entries = [c('held', 50, 1, true), c('b', 30, 5), c('a', 20, 9)];
    expect(planEviction(entries, 100, 30, 100)).toEqual({ ok: true, evict: ['b'], freedBytes: 30 });
  });
  it('says when pinned entries leave no room', () => {
    expect(planEviction([c('held', 80, 1, true), c('b', 10, 2)], 90, 50, 100)).toEqual({ ok: false, reason: 'pinned', incomingBytes: 50, capBytes: 100, usedBytes: 90, pinnedBytes: 80 });
  });
  it('refuses a file larger than the whole cache without evicting anything', () => {
    expect(planEviction([c('a', 10, 1)], 10, 101, 100)).toEqual({ ok: false, reason: 'larger-than-cache', incomingBytes: 101, capBytes: 100 });
  });
});

describe('ProgressThrottle', () => {
  it('lets one event through per interval', () => {
    let now = 1000;
    const t = new ProgressThrottle(250, () => now);
    const passed: number[] = [];
    for (let i = 0; i < 100; i++) {
      now += 10;
      if (t.take()) passed.push(now);
    }
    // 1 s of calls every 10 ms at 4 per second.
    expect(passed).toEqual([1010, 1260, 1510, 1760]);
  });
});
