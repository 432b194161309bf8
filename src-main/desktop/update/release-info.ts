// What the desktop reads from the update feed (latest*.yml) beyond electron-updater's own fields.
// Our release pipeline (scripts/sign-update-feed.mjs) adds to each entry of `files` a `signature`:
// Ed25519 over that file's bytes, 128 hex characters, made with a release key. A top-level
// `critical: true` marks an update that waits only 30 s for running jobs.
import path from 'node:path';
import type { UpdateInfo } from 'electron-updater';

/** The feed entry's signature for the file electron-updater downloaded, or null if it has none. */
export function signatureFor(info: UpdateInfo, downloadedFile: string): string | null {
  const name = path.basename(downloadedFile);
  const entries = info.files ?? [];
  const match =
    entries.find((f) => safeBasename(f.url) === name) ??
    // The download is named after the URL's path; a feed with one file needs no matching.
    (entries.length === 1 ? entries[0] : undefined);
  const sig = (match as { signature?: unknown } | undefined)?.signature;
  return typeof sig === 'string' && sig.length > 0 ? sig : null;
}

function safeBasename(url: string): string {
  try {
    return path.basename(decodeURIComponent(new URL(url, 'https://feed.invalid/').pathname));
  } catch {
    return path.basename(url);
  }
}

export function isCritical(info: UpdateInfo): boolean {
  return (info as { critical?: unknown }).critical === true;
}

/** Release notes as plain text (electron-updater gives a string, or a list with fullChangelog). */
export function releaseNotes(info: UpdateInfo): string | null {
  const notes = info.releaseNotes;
  if (!notes) return null;
  if (typeof notes === 'string') return stripHtml(notes).trim() || null;
  const text = notes
    .map((n) => (n.note ? `${n.version}: ${stripHtml(n.note).trim()}` : ''))
    .filter(Boolean)
    .join('\n');
  return text || null;
}

/** GitHub-style feeds carry HTML notes; the tray and notifications show text. */
function stripHtml(text: string): string {
  return text.replace(/<[^>]*>/g, '').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}
