// Where a runtime's worker or inference-process entry is, and how to start it. Bundled, the agent
// is dist/cli.mjs and the build emits dist/<name>.mjs beside it (scripts/build.mjs). From source
// (Vitest, tsx) it is <name>.ts in the runtime's folder, which imports the project's
// extensionless modules, so it runs under tsx's loader (~150 ms more per start; an installed
// Island runs the bundle). In a packaged desktop app, the unpacked copy beside the asar is used:
// a child process or worker cannot be started from inside app.asar.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export interface WorkerEntry {
  file: string;
  /** Node flags for the child (never the parent's: a debugger or loader flag is not inherited). */
  execArgv: string[];
}

/** `…/app.asar/dist/x.mjs` → `…/app.asar.unpacked/dist/x.mjs` when that exists (electron-builder asarUnpack). */
export function outsideAsar(file: string, exists: (f: string) => boolean = existsSync): string {
  const marker = `app.asar${path.sep}`;
  if (!file.includes(marker)) return file;
  const unpacked = file.replace(marker, `app.asar.unpacked${path.sep}`);
  return exists(unpacked) ? unpacked : file;
}

/** The command for a given entry file; a .ts file needs tsx (null loader: looked up from here). */
export function workerEntryFor(file: string, tsxLoaderUrl: string | null = null): WorkerEntry {
  if (!file.endsWith('.ts')) return { file: outsideAsar(file), execArgv: [] };
  const loader = tsxLoaderUrl ?? tsxLoader(import.meta.url);
  if (!loader) throw new Error(`cannot run ${file}: the tsx loader is not installed (run the bundled .mjs instead)`);
  return { file, execArgv: ['--import', loader] };
}

/**
 * The entry named `name` (without extension) next to the module at `fromUrl`: the bundle first,
 * else the source with tsx; null when neither is there (or tsx is missing for the source).
 */
export function findWorkerEntry(name: string, fromUrl: string): WorkerEntry | null {
  const dir = path.dirname(fileURLToPath(fromUrl));
  const bundled = path.join(dir, `${name}.mjs`);
  if (existsSync(bundled)) return { file: outsideAsar(bundled), execArgv: [] };
  const source = path.join(dir, `${name}.ts`);
  if (!existsSync(source)) return null;
  const loader = tsxLoader(fromUrl);
  return loader ? { file: source, execArgv: ['--import', loader] } : null;
}

function tsxLoader(fromUrl: string): string | null {
  try {
    return pathToFileURL(createRequire(fromUrl).resolve('tsx')).href;
  } catch {
    return null;
  }
}
