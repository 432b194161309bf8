// The credential blob on disk: written atomically with owner-only permissions, moved aside (not
// deleted) when it cannot be read, so nothing is lost.
import { readFile, rename } from 'node:fs/promises';
import writeFileAtomic from 'write-file-atomic';
import type { BlobFile } from './credential-store';

export function blobFile(file: string, now: () => number = Date.now): BlobFile {
  return {
    async read() {
      try {
        return await readFile(file);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
        throw err;
      }
    },
    write: (data) => writeFileAtomic(file, data, { mode: 0o600 }),
    async moveAside() {
      const aside = `${file}.unreadable-${now()}`;
      await rename(file, aside);
      return aside;
    },
  };
}
