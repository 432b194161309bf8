// Free space on the disk holding the Island's home (its caches live there), without blocking.
import { statfs } from 'node:fs/promises';
import type { DiskSpace } from './alert-monitor';

export async function diskSpace(dir: string): Promise<DiskSpace> {
  const s = await statfs(dir);
  return { freeBytes: s.bavail * s.bsize, totalBytes: s.blocks * s.bsize };
}
