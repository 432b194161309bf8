// The screen shown is the URL's hash (#/prices), so reload, back/forward and deep links work in a
// browser tab and in Electron's file:// page alike, with no server-side routes.
import { useSyncExternalStore } from 'react';
import { DEFAULT_SCREEN } from './screens';

function subscribe(fn: () => void): () => void {
  window.addEventListener('hashchange', fn);
  return () => window.removeEventListener('hashchange', fn);
}

export function screenFromHash(hash: string): string {
  const id = hash.replace(/^#\/?/, '').split(/[/?]/)[0];
  return id ? id : DEFAULT_SCREEN;
}

export function useRoute(): string {
  return useSyncExternalStore(subscribe, () => screenFromHash(window.location.hash));
}
