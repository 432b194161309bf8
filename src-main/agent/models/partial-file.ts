// A download in progress lives next to its final name as `<file>.tmp` (the bytes) and
// `<file>.resume.tmp` (what is needed to resume it after a restart: the URL and the validator the
// server gave). Both end in `.tmp`, which the Rust Island's start-up scan skips, so a cache
// directory stays usable by either Island.
import { createHash, type Hash } from 'node:crypto';
import type { ModelFs } from './model-fs';
import { isErrno } from './model-fs';

export interface ResumeMeta {
  url: string;
  /** Strong ETag or Last-Modified, sent back as If-Range. */
  validator: string;
  totalBytes: number | null;
}

export const partPath = (dest: string): string => `${dest}.tmp`;
export const resumeMetaPath = (dest: string): string => `${dest}.resume.tmp`;

export async function readResumeMeta(fs: ModelFs, dest: string): Promise<ResumeMeta | null> {
  let text: string;
  try {
    text = await fs.readFile(resumeMetaPath(dest), 'utf8');
  } catch (err) {
    if (isErrno(err, 'ENOENT')) return null;
    throw err;
  }
  try {
    const v = JSON.parse(text) as Partial<ResumeMeta>;
    const total = v.totalBytes;
    if (typeof v.url !== 'string' || typeof v.validator !== 'string' || v.validator === '') return null;
    if (total !== null && !(typeof total === 'number' && Number.isSafeInteger(total) && total >= 0)) return null;
    return { url: v.url, validator: v.validator, totalBytes: total };
  } catch {
    return null;
  }
}

export async function writeResumeMeta(fs: ModelFs, dest: string, meta: ResumeMeta): Promise<void> {
  await fs.writeFile(resumeMetaPath(dest), JSON.stringify(meta));
}

export async function removePartial(fs: ModelFs, dest: string): Promise<void> {
  await Promise.all([fs.rm(partPath(dest), { force: true }), fs.rm(resumeMetaPath(dest), { force: true })]);
}

/** Size of the partial file, or null when there is none. */
export async function partialSize(fs: ModelFs, dest: string): Promise<number | null> {
  try {
    const st = await fs.stat(partPath(dest));
    return st.isFile() ? st.size : null;
  } catch (err) {
    if (isErrno(err, 'ENOENT', 'ENOTDIR')) return null;
    throw err;
  }
}

/**
 * SHA-256 of a file's first `bytes` bytes, read in 1 MiB blocks. Used once when a download left
 * by an earlier run resumes (within one run the hash state is kept in memory), and for a cached
 * file that no hash was ever recorded for (one the Rust Island downloaded).
 */
export async function hashFilePrefix(fs: ModelFs, file: string, bytes = Infinity, signal?: AbortSignal): Promise<{ hash: Hash; size: number }> {
  const hash = createHash('sha256');
  const handle = await fs.open(file, 'r');
  try {
    const buf = Buffer.allocUnsafe(1024 * 1024);
    let size = 0;
    while (size < bytes) {
      signal?.throwIfAborted();
      const want = Math.min(buf.length, bytes - size);
      const { bytesRead } = await handle.read(buf, 0, want, size);
      if (bytesRead === 0) break;
      hash.update(buf.subarray(0, bytesRead));
      size += bytesRead;
    }
    return { hash, size };
  } finally {
    await handle.close();
  }
}
