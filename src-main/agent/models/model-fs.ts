// The file system calls the model cache makes, behind one seam: the cache uses node:fs/promises
// as it is, and tests hand in a wrapper that fails a write (ENOSPC) or a rename to prove the
// cache cleans up after itself.
import * as fsp from 'node:fs/promises';

export type ModelFs = Pick<typeof fsp, 'open' | 'rename' | 'rm' | 'mkdir' | 'stat' | 'readdir' | 'utimes' | 'statfs' | 'readFile' | 'writeFile'>;

export const nodeModelFs: ModelFs = fsp;

export function isErrno(err: unknown, ...codes: string[]): boolean {
  const code = (err as NodeJS.ErrnoException | null)?.code;
  return typeof code === 'string' && codes.includes(code);
}
