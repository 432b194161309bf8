// What a job may name as its module: an http(s) URL and nothing else. The Rust Island treats any
// other `wasm_url` as a local path and runs that file (§12.2 quirk 11), which lets a coordinator
// run anything already on the owner's disk; here such a URL is refused before anything is opened.
import { createHash } from 'node:crypto';
import path from 'node:path';
import { isSha256Hex, normalizeSha256 } from '../../../../src-shared/protocol/hash';

export type Checked<T> = { ok: true; value: T } | { ok: false; error: string };

export const MISSING_WASM_URL = 'WASM workload missing wasm_url';

function shown(s: string): string {
  return JSON.stringify(s.length > 120 ? `${s.slice(0, 120)}…` : s);
}

/** The module URL of a job, or the reason it is refused. */
export function checkWasmUrl(raw: string | null | undefined): Checked<URL> {
  if (raw === null || raw === undefined || raw.trim() === '') return { ok: false, error: MISSING_WASM_URL };
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    return { ok: false, error: `wasm_url must be an http:// or https:// URL, got ${shown(raw)} (local files are never run)` };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return { ok: false, error: `wasm_url must be an http:// or https:// URL, got ${shown(raw)} (local files are never run)` };
  }
  return { ok: true, value: url };
}

/**
 * The expected module hash as bare lower-case hex, null when the job asks for no check (absent
 * or empty, as the Rust Island), or an error for something that can never match a SHA-256.
 */
export function checkWasmHash(raw: string | null | undefined): Checked<string | null> {
  if (raw === null || raw === undefined || raw === '') return { ok: true, value: null };
  const hex = normalizeSha256(raw.trim());
  if (!isSha256Hex(hex)) return { ok: false, error: `wasm_hash is not a SHA-256 digest: ${shown(raw)}` };
  return { ok: true, value: hex };
}

/**
 * `<cacheDir>/<first 16 hex of sha256(url)>.wasm`, the Rust Island's layout (§6.7), so a cache
 * it filled stays usable. The URL is hashed exactly as the job wrote it.
 */
export function wasmCacheFile(cacheDir: string, url: string): string {
  const key = createHash('sha256').update(url).digest('hex').slice(0, 16);
  return path.join(cacheDir, `${key}.wasm`);
}

export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}
