// Sizes as an owner reads them in a message or a log line.

export const GIB = 1024 ** 3;

/** `4.4 GiB`, `670.0 MiB`, `12 KiB`, `100 bytes`. */
export function formatSize(bytes: number): string {
  for (const [unit, size] of [['GiB', GIB], ['MiB', 1024 ** 2], ['KiB', 1024]] as const) {
    if (bytes >= size) {
      const v = bytes / size;
      return `${Number.isInteger(v) ? v : v.toFixed(1)} ${unit}`;
    }
  }
  return `${bytes} bytes`;
}
