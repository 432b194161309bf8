// The names of running processes, for game mode. Always asynchronous and cheap: on Linux one
// readdir of /proc and a small read per process (`comm`, at most 16 bytes); on Windows
// `tasklist /fo csv /nh`; on macOS `ps -axco comm`. Names come back lower-cased without `.exe`, so
// a rule "steam.exe" or "Steam" matches on every platform.
import { execFile } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';

export type ListProcesses = () => Promise<string[]>;

export interface ProcessListDeps {
  platform: NodeJS.Platform;
  run: (file: string, args: readonly string[]) => Promise<string>;
  readdir: (dir: string) => Promise<string[]>;
  readFile: (file: string) => Promise<string>;
  procRoot: string;
}

export function normaliseProcessName(name: string): string {
  const n = name.trim().toLowerCase();
  return n.endsWith('.exe') ? n.slice(0, -4) : n;
}

/** `tasklist /fo csv /nh` lines: "name.exe","1234","Console","1","12,345 K". */
export function parseTasklist(stdout: string): string[] {
  const out: string[] = [];
  for (const line of stdout.split(/\r?\n/)) {
    const m = /^"([^"]*)"/.exec(line.trim());
    if (m?.[1]) out.push(normaliseProcessName(m[1]));
  }
  return out;
}

/** `ps -axco comm` prints a COMM header, then one name per line. */
export function parsePs(stdout: string): string[] {
  return stdout
    .split(/\r?\n/)
    .slice(1)
    .map(normaliseProcessName)
    .filter((n) => n.length > 0);
}

export function processLister(deps: Partial<ProcessListDeps> = {}): ListProcesses {
  const d: ProcessListDeps = { platform: process.platform, run: runTool, readdir: (dir) => readdir(dir), readFile: (f) => readFile(f, 'utf8'), procRoot: '/proc', ...deps };
  if (d.platform === 'win32') return async () => parseTasklist(await d.run('tasklist', ['/fo', 'csv', '/nh']));
  if (d.platform === 'darwin') return async () => parsePs(await d.run('ps', ['-axco', 'comm']));
  return () => listProc(d);
}

async function listProc(d: ProcessListDeps): Promise<string[]> {
  const pids = (await d.readdir(d.procRoot)).filter((n) => /^\d+$/.test(n));
  const names = await Promise.all(
    // A process can end between readdir and read: skip it.
    pids.map((pid) => d.readFile(`${d.procRoot}/${pid}/comm`).then(normaliseProcessName, () => null)),
  );
  return names.filter((n): n is string => n !== null && n.length > 0);
}

function runTool(file: string, args: readonly string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(file, args, { timeout: 5_000, windowsHide: true, maxBuffer: 4 * 1024 * 1024 }, (err, stdout) => (err ? reject(err) : resolve(stdout)));
  });
}
