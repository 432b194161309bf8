// "HH:MM" on a 24-hour clock ↔ minutes since local midnight. "24:00" exists only as a window's end.
import type { WallMinute } from './types';

const HH_MM = /^([01]\d|2[0-4]):([0-5]\d)$/;

/** null when `text` is not "HH:MM" (00:00–23:59, or 24:00 when `allowEndOfDay`). */
export function parseWallMinute(text: string, allowEndOfDay = false): WallMinute | null {
  const m = HH_MM.exec(text);
  if (!m) return null;
  const minute = Number(m[1]) * 60 + Number(m[2]);
  if (minute > 1440 || (minute === 1440 && !allowEndOfDay)) return null;
  return minute;
}

export function formatWallMinute(minute: WallMinute): string {
  const h = Math.floor(minute / 60);
  const m = minute % 60;
  return `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`;
}
