// The time zones the schedule may be read in: every IANA zone this browser knows, with the
// browser's own first (on the desktop and a local headless dashboard it is the Island's too).
export function browserTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone;
}

export function timeZoneChoices(saved: string): string[] {
  const known = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];
  // UTC is not in every engine's list of canonical zones, yet owners of servers often want it.
  const first = [browserTimeZone(), saved, 'UTC'].filter((z) => z !== '');
  return [...new Set([...first, ...known])];
}
