// The headless dashboard's token arrives once in the page URL (`/?token=…`, printed by the Island).
// It is kept in sessionStorage so a reload of the tab still works, and taken out of the address
// bar at once so it does not linger in history, bookmarks or a screenshot.

export const TOKEN_STORAGE_KEY = 'island.dashboard.token';

export interface TokenEnv {
  location: { href: string };
  history: { replaceState(data: unknown, unused: string, url?: string | URL | null): void; state: unknown };
  storage: Pick<Storage, 'getItem' | 'setItem'>;
}

/** The token for this tab: a fresh one from the URL wins over the remembered one. Null when none. */
export function takeToken(env: TokenEnv): string | null {
  const url = new URL(env.location.href);
  const fromUrl = url.searchParams.get('token');
  if (fromUrl !== null) {
    url.searchParams.delete('token');
    env.history.replaceState(env.history.state, '', url.pathname + url.search + url.hash);
    if (fromUrl.trim() !== '') {
      env.storage.setItem(TOKEN_STORAGE_KEY, fromUrl);
      return fromUrl;
    }
  }
  const stored = env.storage.getItem(TOKEN_STORAGE_KEY);
  return stored && stored.trim() !== '' ? stored : null;
}

/** The API socket's URL on the server that served this page. */
export function apiSocketUrl(location: { protocol: string; host: string }, token: string): string {
  const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
  return `${scheme}://${location.host}/api?token=${encodeURIComponent(token)}`;
}
