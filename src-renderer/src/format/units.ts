// How the dashboard writes sizes, durations, percentages and credits. One place, so every screen
// says "1.4 GB" and "2 min 5 s" the same way. Locale is fixed to en-US: the estimator must print
// the reference's figures ("3,520") exactly, and mixed separators on one page would confuse.

const LOCALE = 'en-US';

export function formatBytes(bytes: number | null): string {
  if (bytes === null || !Number.isFinite(bytes)) return '—';
  const units = ['B', 'kB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (Math.abs(value) >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit += 1;
  }
  const digits = unit === 0 || value >= 100 ? 0 : 1;
  return `${value.toFixed(digits)} ${units[unit]}`;
}

/**
 * Memory the OS and nvidia-smi report in MiB ("MB"), shown the way both vendors label it:
 * 65536 → "64.0 GB", 24564 → "24.0 GB".
 */
export function formatMb(mb: number | null): string {
  if (mb === null || !Number.isFinite(mb)) return '—';
  return mb >= 1024 ? `${(mb / 1024).toFixed(1)} GB` : `${Math.round(mb)} MB`;
}

/** "850 ms", "4.2 s", "3 min 4 s", "2 h 5 min". */
export function formatDuration(ms: number | null): string {
  if (ms === null || !Number.isFinite(ms) || ms < 0) return '—';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const s = ms / 1000;
  if (s < 60) return `${s.toFixed(1)} s`;
  const totalS = Math.floor(s);
  const h = Math.floor(totalS / 3600);
  const m = Math.floor((totalS % 3600) / 60);
  if (h > 0) return `${h} h ${m} min`;
  return `${m} min ${totalS % 60} s`;
}

/** A countdown as m:ss (or h:mm:ss); never negative. */
export function formatCountdown(ms: number): string {
  const total = Math.max(0, Math.ceil(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = String(total % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`;
}

export function formatPercent(ratio: number | null, digits = 1): string {
  return ratio === null || !Number.isFinite(ratio) ? '—' : `${(ratio * 100).toFixed(digits)}%`;
}

/** Credits with thousands separators and at most two decimals: "1,234.5". */
export function formatCredits(credits: number | null): string {
  if (credits === null || !Number.isFinite(credits)) return '—';
  return credits.toLocaleString(LOCALE, { maximumFractionDigits: 2 });
}

/** A whole number with thousands separators, as the estimator prints it: "105,600". */
export function formatInteger(n: number): string {
  return Math.round(n).toLocaleString(LOCALE);
}

export function formatTime(ms: number): string {
  return new Date(ms).toLocaleTimeString(LOCALE, { hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false });
}

export function formatDateTime(ms: number | null): string {
  if (ms === null) return '—';
  const d = new Date(ms);
  return `${d.toLocaleDateString(LOCALE, { year: 'numeric', month: 'short', day: 'numeric' })} ${formatTime(ms)}`;
}
