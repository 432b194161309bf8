// Release signatures (island-protocol.md §10.2): pure Ed25519 (RFC 8032, not prehashed) over the
// raw bytes of the released file, the signature as 128 hex characters, tried against each embedded
// public key until one verifies. Node's crypto does the maths; this file only frames the keys.
import { createPublicKey, verify, type KeyObject } from 'node:crypto';

export interface ReleaseKey {
  id: string;
  /** Raw 32-byte Ed25519 public key, hex. */
  publicKeyHex: string;
}

export type SignatureCheck = { ok: true; keyId: string } | { ok: false; reason: string };

// SubjectPublicKeyInfo for Ed25519 (RFC 8410) is this 12-byte prefix followed by the raw key.
const ED25519_SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');
const HEX = /^[0-9a-fA-F]*$/;

export function ed25519PublicKey(publicKeyHex: string): KeyObject {
  if (publicKeyHex.length !== 64 || !HEX.test(publicKeyHex)) throw new Error('an Ed25519 public key is 64 hex characters (32 bytes)');
  return createPublicKey({ key: Buffer.concat([ED25519_SPKI_PREFIX, Buffer.from(publicKeyHex, 'hex')]), format: 'der', type: 'spki' });
}

function verifyOnPool(data: Uint8Array, key: KeyObject, signature: Buffer): Promise<boolean> {
  // The callback form runs in libuv's thread pool: hashing a few hundred MB of installer does not
  // freeze the caller's event loop (the tray, in Electron main).
  return new Promise((resolve) => verify(null, data, key, signature, (err, ok) => resolve(!err && ok)));
}

/** Checks `signatureHex` over `data` against each key in turn. Never throws on bad input. */
export async function verifyReleaseSignature(data: Uint8Array, signatureHex: string, keys: readonly ReleaseKey[]): Promise<SignatureCheck> {
  const sig = signatureHex.trim();
  if (sig.length !== 128 || !HEX.test(sig)) return { ok: false, reason: `the signature must be 128 hex characters (64 bytes), got ${sig.length} characters` };
  if (keys.length === 0) return { ok: false, reason: 'no release keys are configured' };
  const signature = Buffer.from(sig, 'hex');
  for (const key of keys) {
    let publicKey: KeyObject;
    try {
      publicKey = ed25519PublicKey(key.publicKeyHex);
    } catch {
      continue;
    }
    if (await verifyOnPool(data, publicKey, signature)) return { ok: true, keyId: key.id };
  }
  return { ok: false, reason: `No valid signature found (tried ${keys.length} key${keys.length === 1 ? '' : 's'})` };
}
