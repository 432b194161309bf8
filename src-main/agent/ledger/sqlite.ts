// node:sqlite (Node 22+, and Electron's Node) prints an ExperimentalWarning when first loaded.
// It says nothing the owner can act on, so that one warning is dropped; every other warning stays.
import type * as Sqlite from 'node:sqlite';

let loaded: typeof Sqlite | null = null;

export async function loadSqlite(): Promise<typeof Sqlite> {
  if (loaded) return loaded;
  const emit = process.emitWarning;
  process.emitWarning = ((warning: string | Error, ...rest: unknown[]) => {
    const text = typeof warning === 'string' ? warning : warning.message;
    if (/SQLite is an experimental feature/.test(text)) return;
    return (emit as (...a: unknown[]) => void).call(process, warning, ...rest);
  }) as typeof process.emitWarning;
  try {
    loaded = await import('node:sqlite');
  } finally {
    process.emitWarning = emit;
  }
  return loaded;
}
