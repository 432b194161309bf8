// SHA-256 digests in the two spellings the protocol uses: bare hex (wasm_hash, checksum_sha256)
// and `sha256:<hex>` (model_hash, image digests). Hashing itself needs Node's crypto, so it
// lives in src-main; these only compare and reformat.

const PREFIX = 'sha256:';

/** Bare lower-case hex: `sha256:ABC123` → `abc123`, `ABC123` → `abc123`. */
export function normalizeSha256(s: string): string {
  return (s.startsWith(PREFIX) ? s.slice(PREFIX.length) : s).toLowerCase();
}

/** `sha256:<hex>` as the model cache writes computed digests (§7.3). */
export function formatSha256(hexLower: string): string {
  return PREFIX + hexLower.toLowerCase();
}

/** 64 hex digits, either case, no prefix. */
export function isSha256Hex(s: string): boolean {
  return /^[0-9a-fA-F]{64}$/.test(s);
}

/**
 * WASM module check (§6.7): the expected hash may carry `sha256:` and either case. An absent or
 * empty expectation means "not checked" and is the caller's decision, so it is not handled here.
 */
export function wasmHashMatches(expected: string, actualHex: string): boolean {
  return normalizeSha256(expected) === normalizeSha256(actualHex);
}

/** Expected model hashes that turn verification off (§7.3). */
export function isModelHashCheckSkipped(expected: string | null | undefined): boolean {
  return expected === null || expected === undefined || expected === '' || expected === 'sha256:placeholder';
}

/**
 * Model cache check (§7.3): an exact comparison with `sha256:<lower-case hex>`, as the Rust
 * Island does, so `ABC…` or a bare hex expectation fails there and must fail here too.
 */
export function modelHashMatches(expected: string, actualHex: string): boolean {
  return expected === formatSha256(actualHex);
}
