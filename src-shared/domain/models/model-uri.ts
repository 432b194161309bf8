// What a model URI names (island-protocol.md §7.1): `hf://<repo>:<file>` (split at the first `:`),
// `hf://<repo>` (the file is chosen from the repo's listing), or a plain http(s) URL. Parsing is
// strict where the Rust Island was loose: a file name that climbs out of its cache directory
// (`..`) or a repo id Hugging Face could never have is refused before anything is fetched.

export type ModelSource =
  | { kind: 'hf-file'; repo: string; file: string }
  | { kind: 'hf-repo'; repo: string }
  | { kind: 'url'; url: string; fileName: string };

export type Parsed<T> = { ok: true; value: T } | { ok: false; error: string };

export const DEFAULT_HF_BASE = 'https://huggingface.co';

const HF_SCHEME = 'hf://';
// Hugging Face repo ids: `name` or `owner/name`, letters, digits, `.`, `_` and `-`.
const REPO_ID = /^[A-Za-z0-9][A-Za-z0-9._-]*(\/[A-Za-z0-9][A-Za-z0-9._-]*)?$/;
// Control characters and the characters no file system on our three platforms accepts.
// eslint-disable-next-line no-control-regex
const BAD_NAME_CHARS = /[\u0000-\u001f\u007f\\:*?"<>|]/;
/** The name a download gets when its URL has no usable last segment. */
export const FALLBACK_FILE_NAME = 'model';

function shown(s: string): string {
  return JSON.stringify(s.length > 160 ? `${s.slice(0, 160)}…` : s);
}

/** A relative path inside a cache entry: `/`-separated, no empty, `.` or `..` segment, nothing a disk refuses. */
export function isSafeRelativePath(name: string): boolean {
  if (name === '' || name.length > 512) return false;
  return name.split('/').every((seg) => seg !== '' && seg !== '.' && seg !== '..' && !BAD_NAME_CHARS.test(seg) && seg.length <= 255);
}

export function parseModelUri(raw: string): Parsed<ModelSource> {
  const uri = raw.trim();
  if (uri === '') return { ok: false, error: 'model URI is empty (expected hf://<repo>[:<file>] or an http(s):// URL)' };
  if (uri.startsWith(HF_SCHEME)) return parseHf(uri);
  let url: URL;
  try {
    url = new URL(uri);
  } catch {
    return { ok: false, error: `model URI must be hf://<repo>[:<file>] or an http(s):// URL, got ${shown(raw)}` };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return { ok: false, error: `model URI must be hf://<repo>[:<file>] or an http(s):// URL, got ${shown(raw)}` };
  }
  // The URL is used exactly as written: its text is what the cache key hashes (§7.2).
  return { ok: true, value: { kind: 'url', url: uri, fileName: fileNameFromUrl(url) } };
}

function parseHf(uri: string): Parsed<ModelSource> {
  const rest = uri.slice(HF_SCHEME.length);
  const colon = rest.indexOf(':');
  const repo = colon < 0 ? rest : rest.slice(0, colon);
  if (!REPO_ID.test(repo)) {
    return { ok: false, error: `invalid Hugging Face repo id ${shown(repo)} in ${shown(uri)} (expected <owner>/<name> of letters, digits, '.', '_' or '-')` };
  }
  if (colon < 0) return { ok: true, value: { kind: 'hf-repo', repo } };
  const file = rest.slice(colon + 1);
  if (!isSafeRelativePath(file)) {
    return { ok: false, error: `invalid file name ${shown(file)} in ${shown(uri)} (a relative path without empty, '.' or '..' parts)` };
  }
  return { ok: true, value: { kind: 'hf-file', repo, file } };
}

/**
 * The file name a plain URL is saved under: its last path segment, percent-decoded. The Rust
 * Island kept the query string in the name; `?` is not a legal file name character on Windows,
 * so it is left out (the cache key still hashes the whole URL, so lookups are unaffected).
 */
export function fileNameFromUrl(url: URL): string {
  const last = url.pathname.split('/').at(-1) ?? '';
  let name: string;
  try {
    name = decodeURIComponent(last);
  } catch {
    name = last;
  }
  return isSafeRelativePath(name) && !name.includes('/') ? name : FALLBACK_FILE_NAME;
}

/** `<base>/<repo>/resolve/main/<file>`, spelled as the Rust Island spells it, so cache keys match. */
export function hfResolveUrl(base: string, repo: string, file: string): string {
  return `${trimSlash(base)}/${repo}/resolve/main/${file}`;
}

/** `<base>/api/models/<repo>`: the repo's file listing (§7.1 auto-discovery). */
export function hfApiModelUrl(base: string, repo: string): string {
  return `${trimSlash(base)}/api/models/${repo}`;
}

function trimSlash(s: string): string {
  return s.replace(/\/+$/, '');
}
