// Rebuilds the cache's entries from the disk at start-up (§7.2 `init()`): each `<64 hex>`
// directory holds one model file; `last_used` is the directory's mtime (touched on every hit, as
// the Rust Island does). Differences on purpose: files in subfolders count (`onnx/model.onnx`),
// only directories named like a cache key are entries (so a `cache_dir` pointed at a folder with
// other things in it never has those removed), and a partial download is kept when it can be
// resumed, removed when it cannot.
import path from 'node:path';
import { errorMessage } from '../../../src-shared/errors';
import type { Logger } from '../log/logger';
import type { CacheEntry } from './cache-index';
import type { CacheMeta } from './cache-meta';
import type { ModelFs } from './model-fs';
import { readResumeMeta, removePartial } from './partial-file';

const KEY_DIR = /^[0-9a-f]{64}$/;
const MAX_DEPTH = 8;
const PARTIAL = '.tmp';
const RESUME = '.resume.tmp';

export async function scanCache(fs: ModelFs, dir: string, meta: CacheMeta, log: Logger): Promise<CacheEntry[]> {
  await fs.mkdir(dir, { recursive: true });
  const entries: CacheEntry[] = [];
  for (const d of await fs.readdir(dir, { withFileTypes: true })) {
    if (!d.isDirectory() || !KEY_DIR.test(d.name)) continue;
    try {
      const entry = await scanEntry(fs, dir, d.name, meta, log);
      if (entry) entries.push(entry);
    } catch (err) {
      log.warn('skipped an unreadable model cache entry', { dir: path.join(dir, d.name), error: errorMessage(err) });
    }
  }
  return entries;
}

async function scanEntry(fs: ModelFs, dir: string, key: string, meta: CacheMeta, log: Logger): Promise<CacheEntry | null> {
  const keyDir = path.join(dir, key);
  const files = (await listFiles(fs, keyDir, '', 0)).sort();
  const known = meta.entry(key);
  const complete = files.filter((f) => !f.endsWith(PARTIAL));
  const chosen = known && complete.includes(known.file) ? known.file : complete[0];
  const lastUsedAt = (await fs.stat(keyDir)).mtimeMs;
  const base = { key, uri: known?.uri ?? null, url: known?.url ?? null, lastUsedAt };
  if (chosen !== undefined) {
    const size = (await fs.stat(fullPath(keyDir, chosen))).size;
    return { ...base, fileName: chosen, path: fullPath(keyDir, chosen), sizeBytes: size, sha256: chosen === known?.file ? known.sha256 : null, complete: true };
  }
  for (const f of files.filter((f) => f.endsWith(PARTIAL) && !f.endsWith(RESUME))) {
    const fileName = f.slice(0, -PARTIAL.length);
    const dest = fullPath(keyDir, fileName);
    const resume = await readResumeMeta(fs, dest);
    if (resume) {
      const size = (await fs.stat(fullPath(keyDir, f))).size;
      return { ...base, url: base.url ?? resume.url, fileName, path: dest, sizeBytes: size, sha256: null, complete: false };
    }
  }
  // Nothing usable: a partial that cannot resume (the Rust Island's `.tmp`) or an empty folder.
  log.info('removed an unusable model cache entry', { dir: keyDir, files });
  for (const f of files.filter((f) => f.endsWith(PARTIAL))) await removePartial(fs, fullPath(keyDir, f.replace(/(\.resume)?\.tmp$/, '')));
  await fs.rm(keyDir, { recursive: true, force: true });
  return null;
}

async function listFiles(fs: ModelFs, root: string, rel: string, depth: number): Promise<string[]> {
  if (depth > MAX_DEPTH) return [];
  const out: string[] = [];
  for (const d of await fs.readdir(path.join(root, rel), { withFileTypes: true })) {
    const name = rel ? `${rel}/${d.name}` : d.name;
    if (d.isFile()) out.push(name);
    else if (d.isDirectory()) out.push(...(await listFiles(fs, root, name, depth + 1)));
  }
  return out;
}

/** `<keyDir>/<fileName>` with the `/`s of the file name as the platform's separators. */
export function fullPath(keyDir: string, fileName: string): string {
  return path.join(keyDir, ...fileName.split('/'));
}
