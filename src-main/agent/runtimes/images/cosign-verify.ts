// cosign key-pair verification without the cosign binary (the Rust Island shelled out to it, and
// skipped every check when it was missing). cosign stores the signatures of the manifest
// `sha256:<hex>` as an OCI manifest tagged `sha256-<hex>.sig` in the same repository, one layer per
// signature: the layer blob is the simple-signing payload, and the layer annotation
// `dev.cosignproject.cosign/signature` is base64(ECDSA-P256-SHA256 DER signature of that blob).
// Transparency-log (Rekor) bundles and keyless certificates are not checked: trust comes from the
// configured keys alone, as with `cosign verify --key --insecure-ignore-tlog`.
import { verify } from 'node:crypto';
import { claimsProblem, readPayload, SIGNATURE_ANNOTATION } from './cosign-payload';
import { repositoryOf, type ImageRef } from './image-ref';
import type { RegistryClient } from './registry-client';
import type { UsableKey } from './trusted-keys';

export type CosignResult =
  | { status: 'valid'; key: UsableKey }
  | { status: 'unsigned'; signatureRef: string }
  | { status: 'invalid'; reasons: string[] }
  | { status: 'error'; detail: string };

const MAX_SIGNATURES = 32;
const MAX_PAYLOAD_BYTES = 1024 * 1024;

/** `sha256:<hex>` → `sha256-<hex>.sig`. */
export function signatureTag(digest: string): string {
  return `${digest.replace(':', '-')}.sig`;
}

interface Layer {
  mediaType?: unknown;
  digest?: unknown;
  size?: unknown;
  annotations?: Record<string, unknown>;
}

export async function verifyCosignSignature(client: RegistryClient, ref: ImageRef, digest: string, keys: readonly UsableKey[], signal: AbortSignal): Promise<CosignResult> {
  const tag = signatureTag(digest);
  const signatureRef = `${repositoryOf(ref)}:${tag}`;
  let layers: Layer[];
  try {
    const manifest = await client.getManifest(ref.path, tag, signal);
    if (!manifest) return { status: 'unsigned', signatureRef };
    const parsed = JSON.parse(manifest.body.toString('utf8')) as { layers?: unknown };
    if (!Array.isArray(parsed.layers)) return { status: 'invalid', reasons: [`${signatureRef} is not an image manifest with layers`] };
    layers = parsed.layers as Layer[];
  } catch (err) {
    if (signal.aborted) throw err;
    return { status: 'error', detail: `fetching ${signatureRef}: ${(err as Error).message}` };
  }
  const reasons: string[] = [];
  for (const [i, layer] of layers.slice(0, MAX_SIGNATURES).entries()) {
    const label = layers.length > 1 ? `signature ${i + 1}: ` : '';
    const outcome = await checkLayer(client, ref, digest, layer, keys, signal);
    if (outcome.ok) return { status: 'valid', key: outcome.key };
    reasons.push(`${label}${outcome.reason}`);
  }
  if (reasons.length === 0) reasons.push(`${signatureRef} holds no signatures`);
  return { status: 'invalid', reasons };
}

type LayerOutcome = { ok: true; key: UsableKey } | { ok: false; reason: string };

async function checkLayer(client: RegistryClient, ref: ImageRef, digest: string, layer: Layer, keys: readonly UsableKey[], signal: AbortSignal): Promise<LayerOutcome> {
  const signatureB64 = layer.annotations?.[SIGNATURE_ANNOTATION];
  if (typeof signatureB64 !== 'string' || signatureB64 === '') return { ok: false, reason: `no ${SIGNATURE_ANNOTATION} annotation` };
  if (typeof layer.digest !== 'string' || !/^sha256:[a-f0-9]{64}$/.test(layer.digest)) return { ok: false, reason: 'the payload layer has no sha256 digest' };
  if (typeof layer.size === 'number' && layer.size > MAX_PAYLOAD_BYTES) return { ok: false, reason: `the payload is ${layer.size} bytes, more than a signature payload can be` };
  let payload: Buffer;
  try {
    // getBlob refuses a blob whose sha256 is not the layer digest.
    payload = await client.getBlob(ref.path, layer.digest, MAX_PAYLOAD_BYTES, signal);
  } catch (err) {
    if (signal.aborted) throw err;
    return { ok: false, reason: `payload ${layer.digest}: ${(err as Error).message}` };
  }
  const signature = Buffer.from(signatureB64, 'base64');
  const signer = keys.find((k) => verifiesWith(k, payload, signature));
  if (!signer) return { ok: false, reason: 'the signature does not verify with any trusted key' };
  const read = readPayload(payload);
  if (!read.ok) return { ok: false, reason: `signed by ${signer.keyId}, but ${read.reason}` };
  const problem = claimsProblem(read.claims, repositoryOf(ref), digest);
  if (problem) return { ok: false, reason: `signed by ${signer.keyId}, but ${problem}` };
  return { ok: true, key: signer };
}

function verifiesWith(key: UsableKey, payload: Buffer, signature: Buffer): boolean {
  try {
    return verify('sha256', payload, key.key, signature);
  } catch {
    // A malformed DER signature throws instead of returning false.
    return false;
  }
}
