// The hash a model request expects (§7.3). The Rust Island compares strings exactly, so an
// expected `ABC…` or a bare hex digest always failed even when the bytes were right; an owner
// wants the bytes checked, not the spelling, so `sha256:` is optional and case is ignored here.
import { isModelHashCheckSkipped, isSha256Hex, normalizeSha256 } from '../../protocol/hash';

export type ExpectedHash = { check: false } | { check: true; hex: string };

/** Bare lower-case hex to compare with, no check (null, empty, `sha256:placeholder`), or why the value can never match. */
export function parseExpectedModelHash(raw: string | null | undefined): { ok: true; value: ExpectedHash } | { ok: false; error: string } {
  if (isModelHashCheckSkipped(raw) || raw?.trim() === '') return { ok: true, value: { check: false } };
  const hex = normalizeSha256(raw!.trim());
  if (!isSha256Hex(hex)) {
    const shown = JSON.stringify(raw!.length > 100 ? `${raw!.slice(0, 100)}…` : raw);
    return { ok: false, error: `model hash ${shown} is not a SHA-256 digest (expected sha256:<64 hex digits>)` };
  }
  return { ok: true, value: { check: true, hex: hex.toLowerCase() } };
}

/** The Rust Island's mismatch text (§7.3), with both sides written `sha256:<lower hex>`. */
export function modelHashMismatchText(name: string, expectedHex: string, actualHex: string): string {
  return `Model hash mismatch for ${name}: expected sha256:${expectedHex}, got sha256:${actualHex}`;
}
