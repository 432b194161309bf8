import { describe, expect, it } from 'vitest';
import { apiSocketUrl, takeToken, TOKEN_STORAGE_KEY, type TokenEnv } from '../../../src-renderer/src/api/token';

function env(href: string, stored: string | null = null) {
  const storage = new Map<string, string>(stored === null ? [] : [[TOKEN_STORAGE_KEY, stored]]);
  const replaced: string[] = [];
  const e: TokenEnv = {
    location: { href },
    history: { state: { keep: 1 }, replaceState: (_d, _u, url) => replaced.push(String(url)) },
    storage: { getItem: (k) => storage.get(k) ?? null, setItem: (k, v) => void storage.set(k, v) },
  };
  return { e, storage, replaced };
}

describe('dashboard token', () => {
  it('takes the token from the URL, remembers it for the tab and removes it from the address bar', () => {
    const { e, storage, replaced } = env('http://127.0.0.1:7780/?token=abc%2F123&x=1#/prices');
    expect(takeToken(e)).toBe('abc/123');
    expect(storage.get(TOKEN_STORAGE_KEY)).toBe('abc/123');
    expect(replaced).toEqual(['/?x=1#/prices']);
  });

  it('uses the remembered token after a reload without one, and a new URL token replaces it', () => {
    expect(takeToken(env('http://127.0.0.1:7780/', 'old').e)).toBe('old');
    const fresh = env('http://127.0.0.1:7780/?token=new', 'old');
    expect(takeToken(fresh.e)).toBe('new');
    expect(fresh.storage.get(TOKEN_STORAGE_KEY)).toBe('new');
  });

  it('has no token when neither the URL nor the tab has one (an empty ?token= counts as none)', () => {
    expect(takeToken(env('http://127.0.0.1:7780/').e)).toBeNull();
    const empty = env('http://127.0.0.1:7780/?token=');
    expect(takeToken(empty.e)).toBeNull();
    expect(empty.replaced).toEqual(['/']);
  });

  it('builds the socket URL on the page host, ws for http and wss for https, token escaped', () => {
    expect(apiSocketUrl({ protocol: 'http:', host: '127.0.0.1:7780' }, 'a b&c')).toBe('ws://127.0.0.1:7780/api?token=a%20b%26c');
    expect(apiSocketUrl({ protocol: 'https:', host: 'island.local' }, 't')).toBe('wss://island.local/api?token=t');
  });
});
