// What one look at the screen tells: a full-screen app is in front, it is not, or it cannot be
// told. `lasting` says whether asking again can change the answer (no display, no tool, an
// unsupported desktop) so the sensor stops asking, or whether it was one bad look (a window that
// closed between two calls, a timeout).
export type FullscreenLook =
  | { readonly kind: 'fullscreen' }
  | { readonly kind: 'windowed' }
  | { readonly kind: 'unknown'; readonly reason: string; readonly lasting: boolean };

export const FULLSCREEN: FullscreenLook = { kind: 'fullscreen' };
export const WINDOWED: FullscreenLook = { kind: 'windowed' };

export function unknownLook(reason: string, lasting = false): FullscreenLook {
  return { kind: 'unknown', reason, lasting };
}

/** The availability policy's reading: true, false, or null (unknown never blocks). */
export function lookAsReading(look: FullscreenLook): boolean | null {
  return look.kind === 'fullscreen' ? true : look.kind === 'windowed' ? false : null;
}

/** A tool's unexpected output, short enough for a log line or an error. */
export function quoteOutput(text: string): string {
  const t = text.trim();
  return JSON.stringify(t.length > 120 ? `${t.slice(0, 120)}…` : t);
}
