// Limits written the way an owner reads them in a failure message.

/** `256 MiB`, `64 KiB`, `100 bytes`: limits as the owner reads them. */
export function formatBytes(bytes: number): string {
  for (const [unit, size] of [['MiB', 1024 * 1024], ['KiB', 1024]] as const) {
    if (bytes >= size) {
      const v = bytes / size;
      return `${Number.isInteger(v) ? v : v.toFixed(1)} ${unit}`;
    }
  }
  return `${bytes} bytes`;
}

/** `1.5s`, `60s`: how the CPU limit is written in the failure text. */
export function formatSeconds(ms: number): string {
  const s = ms / 1000;
  return `${Number.isInteger(s) ? s : Number(s.toFixed(3))}s`;
}
