// Runs a full-screen probe tool without blocking the event loop. The sensor owns the deadline
// (it aborts through `signal`); execFile's own timeout is only a backstop so no child outlives it.
import { execFile } from 'node:child_process';
import { errorMessage } from '../../../src-shared/errors';

export type RunProbe = (file: string, args: readonly string[], signal: AbortSignal) => Promise<string>;

const BACKSTOP_MS = 10_000;

export const runProbe: RunProbe = (file, args, signal) =>
  new Promise((resolve, reject) => {
    execFile(file, args, { signal, timeout: BACKSTOP_MS, windowsHide: true, maxBuffer: 64 * 1024 }, (err, stdout, stderr) => {
      if (err) reject(Object.assign(err, { stderr: String(stderr).trim() }));
      else resolve(String(stdout));
    });
  });

/** The tool is not installed (spawn failed with ENOENT). */
export function isMissingBinary(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { code?: unknown }).code === 'ENOENT';
}

/** What the tool said on stderr, else the error's own message. */
export function probeFailure(err: unknown): string {
  const stderr = typeof err === 'object' && err !== null ? (err as { stderr?: unknown }).stderr : undefined;
  if (typeof stderr === 'string' && stderr !== '') return stderr.split(/\r?\n/)[0] ?? stderr;
  return errorMessage(err);
}
