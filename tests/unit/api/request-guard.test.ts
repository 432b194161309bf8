// Host, Origin and token checks of the headless dashboard.
import { describe, expect, it } from 'vitest';
import { hostAllowed, newToken, originAllowed, tokenMatches } from '../../../src-main/agent/dashboard/request-guard';

describe('request guard', () => {
  it('accepts only its own loopback authority as Host', () => {
    expect(hostAllowed('127.0.0.1:7780', 7780)).toBe(true);
    expect(hostAllowed('LOCALHOST:7780', 7780)).toBe(true);
    expect(hostAllowed('127.0.0.1', 7780)).toBe(false);
    expect(hostAllowed('evil.example:7780', 7780)).toBe(false);
    expect(hostAllowed('127.0.0.1:7781', 7780)).toBe(false);
    expect(hostAllowed(undefined, 7780)).toBe(false);
  });

  it("accepts no Origin (not a browser) or the dashboard's own, nothing else", () => {
    expect(originAllowed(undefined, 7780)).toBe(true);
    expect(originAllowed('http://127.0.0.1:7780', 7780)).toBe(true);
    expect(originAllowed('http://localhost:7780', 7780)).toBe(true);
    expect(originAllowed('null', 7780)).toBe(false);
    expect(originAllowed('http://127.0.0.1:7780.evil.example', 7780)).toBe(false);
    expect(originAllowed('https://127.0.0.1:7780', 7780)).toBe(false);
  });

  it('makes unguessable tokens and compares them exactly', () => {
    const a = newToken();
    expect(a).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(newToken()).not.toBe(a);
    expect(tokenMatches(a, a)).toBe(true);
    expect(tokenMatches(a.slice(0, -1), a)).toBe(false);
    expect(tokenMatches(`${a}x`, a)).toBe(false);
    expect(tokenMatches('', a)).toBe(false);
    expect(tokenMatches(null, a)).toBe(false);
  });
});
