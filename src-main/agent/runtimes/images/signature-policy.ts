// §6.6's decision table, as pure functions:
//   1. signing disabled                                  → skipped
//   2. the image is under `unsigned_allowed_registries`  → skipped (whole path segments, not a text prefix)
//   3. no trusted keys                                   → require_signature ? reject : skipped
//   4. a key verifies a signature for this digest        → valid
//   5. otherwise                                         → require_signature ? reject : skipped, with a warning
import type { IslandConfig } from '../../../../src-shared/config/schema';
import type { SignatureVerdict } from '../container/image-supply';
import type { CosignResult } from './cosign-verify';
import type { ImageRef } from './image-ref';
import { findMatchingEntry } from './registry-match';
import { rejectText } from './reject-messages';
import type { UsableKey } from './trusted-keys';

export interface SigningPolicy {
  enabled: boolean;
  requireSignature: boolean;
  unsignedAllowed: readonly string[];
}

export function signingPolicyOf(config: IslandConfig): SigningPolicy {
  return { enabled: config.signing.enabled, requireSignature: config.signing.require_signature, unsignedAllowed: config.signing.unsigned_allowed_registries };
}

export type SignaturePlan =
  | { kind: 'skip'; verdict: SignatureVerdict }
  | { kind: 'reject'; message: string }
  | { kind: 'verify'; keys: readonly UsableKey[] };

/** Steps 1–3: whether a signature must be looked at at all. */
export function planSignatureCheck(ref: ImageRef, policy: SigningPolicy, keys: readonly UsableKey[]): SignaturePlan {
  if (!policy.enabled) return { kind: 'skip', verdict: { status: 'skipped', reason: 'signature verification is disabled' } };
  const allowed = findMatchingEntry(ref, policy.unsignedAllowed);
  if (allowed !== undefined) return { kind: 'skip', verdict: { status: 'skipped', reason: `${allowed} is in [signing] unsigned_allowed_registries` } };
  if (keys.length === 0) {
    return policy.requireSignature
      ? { kind: 'reject', message: rejectText.noTrustedKeys(ref.text) }
      : { kind: 'skip', verdict: { status: 'skipped', reason: 'no trusted keys configured' } };
  }
  return { kind: 'verify', keys };
}

export type SignatureDecision =
  | { ok: true; verdict: SignatureVerdict; /** Set when the image runs unverified although keys exist (step 5). */ warning?: string }
  | { ok: false; message: string };

/** Steps 4–5. */
export function decideSignature(result: CosignResult, ref: ImageRef, policy: SigningPolicy, keys: readonly UsableKey[]): SignatureDecision {
  if (result.status === 'valid') {
    const { keyId, issuer } = result.key;
    return { ok: true, verdict: { status: 'valid', keyId, ...(issuer !== undefined ? { issuer } : {}) } };
  }
  const keyIds = keys.map((k) => k.keyId);
  let message: string;
  let reason: string;
  switch (result.status) {
    case 'unsigned':
      message = rejectText.unsigned(result.signatureRef, ref.text);
      reason = `no signature found (${result.signatureRef})`;
      break;
    case 'invalid':
      message = rejectText.signatureInvalid(keyIds, result.reasons, ref.text);
      reason = `no trusted key verified it (tried ${keyIds.join(', ')}): ${result.reasons.join('; ')}`;
      break;
    case 'error':
      message = rejectText.signatureUncheckable(result.detail, ref.text);
      reason = `the signature could not be checked: ${result.detail}`;
      break;
  }
  if (policy.requireSignature) return { ok: false, message };
  return { ok: true, verdict: { status: 'skipped', reason }, warning: `running ${ref.text} without a verified signature: ${reason}` };
}
