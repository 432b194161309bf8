// Trusted signing keys: the `[signing] trusted_keys` entries and those served at `keys_url`, in the
// Rust Island's TrustedKey shape (`key_id`, PEM `public_key`, `algorithm`, `issuer?`). A key that
// is not an ECDSA P-256 public key is set aside with a reason instead of failing every verification.
import { createHash, createPublicKey, type KeyObject } from 'node:crypto';

export interface TrustedKeyRecord {
  key_id: string;
  public_key: string;
  algorithm?: string;
  issuer?: string;
}

export interface UsableKey {
  keyId: string;
  issuer?: string;
  key: KeyObject;
  /** sha256 of the DER public key: names the key itself, whatever its key_id says. */
  fingerprint: string;
  source: 'config' | 'keys_url';
}

const P256_NAMES = new Set(['ecdsa-p256', 'ecdsa-p-256', 'ecdsa_p256', 'ecdsa-p256-sha256', 'ecdsa', 'es256']);

export type KeyReading = { ok: true; key: UsableKey } | { ok: false; keyId: string; reason: string };

export function readTrustedKey(record: TrustedKeyRecord, source: UsableKey['source']): KeyReading {
  const keyId = record.key_id;
  const algorithm = (record.algorithm ?? 'ecdsa-p256').toLowerCase();
  if (!P256_NAMES.has(algorithm)) return { ok: false, keyId, reason: `algorithm ${JSON.stringify(record.algorithm)} is not supported (only ecdsa-p256)` };
  let key: KeyObject;
  try {
    key = createPublicKey(record.public_key);
  } catch (err) {
    return { ok: false, keyId, reason: `public_key is not a PEM public key (${(err as Error).message})` };
  }
  if (key.asymmetricKeyType !== 'ec' || key.asymmetricKeyDetails?.namedCurve !== 'prime256v1') {
    return { ok: false, keyId, reason: `public_key is ${key.asymmetricKeyType ?? 'unknown'} ${key.asymmetricKeyDetails?.namedCurve ?? ''}, not ECDSA P-256`.replace(/\s+,/, ',') };
  }
  const fingerprint = createHash('sha256').update(key.export({ type: 'spki', format: 'der' })).digest('hex');
  return { ok: true, key: { keyId, ...(record.issuer !== undefined ? { issuer: record.issuer } : {}), key, fingerprint, source } };
}

/** A `keys_url` answer or a key cache file: a JSON array of TrustedKey records. */
export function parseKeyList(text: string): { ok: true; records: TrustedKeyRecord[] } | { ok: false; reason: string } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    return { ok: false, reason: `not JSON (${(err as Error).message})` };
  }
  if (!Array.isArray(parsed)) return { ok: false, reason: 'not a JSON array of keys' };
  const records: TrustedKeyRecord[] = [];
  for (const [i, item] of parsed.entries()) {
    const r = item as Partial<Record<keyof TrustedKeyRecord, unknown>> | null;
    if (!r || typeof r.key_id !== 'string' || typeof r.public_key !== 'string') return { ok: false, reason: `entry ${i} lacks key_id or public_key` };
    if ((r.algorithm !== undefined && typeof r.algorithm !== 'string') || (r.issuer !== undefined && r.issuer !== null && typeof r.issuer !== 'string')) {
      return { ok: false, reason: `entry ${i} (${r.key_id}) has a non-string algorithm or issuer` };
    }
    records.push({
      key_id: r.key_id,
      public_key: r.public_key,
      algorithm: (r.algorithm as string | undefined) ?? 'ecdsa-p256',
      ...(typeof r.issuer === 'string' ? { issuer: r.issuer } : {}),
    });
  }
  return { ok: true, records };
}
