// `<home>/image-cache.json`: the cache book on disk, so that use counts, warm Cargos, which images
// the Island pulled itself (and may therefore remove) and verified signatures survive a restart.
// Written atomically; a file that cannot be read is moved aside with an error, never silently reset.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import writeFileAtomic from 'write-file-atomic';
import type { Logger } from '../../log/logger';
import type { CacheBook, CachedImage, VerifiedSignature, WarmWorkload } from './cache-book';

const VERSION = 1;

interface FileShape {
  version: number;
  images: CachedImage[];
  warm: WarmWorkload[];
  verified: ({ digest: string } & VerifiedSignature)[];
}

export function serialiseBook(book: CacheBook): string {
  const data: FileShape = {
    version: VERSION,
    images: [...book.images.values()],
    warm: [...book.warm.values()],
    verified: [...book.verified].map(([digest, v]) => ({ digest, ...v })),
  };
  return `${JSON.stringify(data, null, 2)}\n`;
}

const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const isStr = (v: unknown): v is string => typeof v === 'string';

/** Fills `book` from the file text; returns a reason when the text is not a cache file. */
export function restoreBook(book: CacheBook, text: string): string | null {
  let data: Partial<FileShape>;
  try {
    data = JSON.parse(text) as Partial<FileShape>;
  } catch (err) {
    return `not valid JSON (${(err as Error).message})`;
  }
  if (typeof data !== 'object' || data === null || data.version !== VERSION) return `not a version ${VERSION} image cache file`;
  for (const e of Array.isArray(data.images) ? data.images : []) {
    if (!isStr(e?.id) || !Array.isArray(e.refs) || !isNum(e.sizeBytes) || !isNum(e.lastUsed) || !isNum(e.useCount)) continue;
    book.images.set(e.id, {
      id: e.id,
      refs: e.refs.filter(isStr),
      sizeBytes: e.sizeBytes,
      firstSeen: isNum(e.firstSeen) ? e.firstSeen : e.lastUsed,
      lastUsed: e.lastUsed,
      useCount: e.useCount,
      pulledByIsland: e.pulledByIsland === true,
    });
  }
  for (const w of Array.isArray(data.warm) ? data.warm : []) {
    if (isStr(w?.workloadId) && isStr(w.image) && isNum(w.lastRun) && isNum(w.runCount)) book.warm.set(w.workloadId, { ...w });
  }
  for (const v of Array.isArray(data.verified) ? data.verified : []) {
    if (isStr(v?.digest) && isStr(v.keyId) && isStr(v.fingerprint) && isNum(v.at)) book.verified.set(v.digest, { keyId: v.keyId, fingerprint: v.fingerprint, at: v.at });
  }
  return null;
}

export async function loadBook(book: CacheBook, file: string, log: Logger): Promise<void> {
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') log.error('cannot read the image cache file; starting with an empty one', { path: file, error: (err as Error).message });
    return;
  }
  const problem = restoreBook(book, text);
  if (problem === null) return;
  const aside = `${file}.corrupt-${Date.now()}`;
  try {
    await fs.rename(file, aside);
    log.error(`image cache file ${file} is unusable (${problem}); moved it to ${aside}. Images pulled before are now treated as the owner's and are never removed.`, { path: file, movedTo: aside });
  } catch (err) {
    log.error(`image cache file ${file} is unusable (${problem}) and cannot be moved aside`, { path: file, error: (err as Error).message });
  }
}

export async function saveBook(book: CacheBook, file: string): Promise<void> {
  await fs.mkdir(path.dirname(file), { recursive: true });
  await writeFileAtomic(file, serialiseBook(book));
}
