// The checks that need no network: is the reference valid, is its registry allowed (§6.4, by whole
// path segments), must it be pinned, and which digest it is pinned to. They run on the job's image
// string as given, before any digest is appended (as in the Rust Island).
import { effectiveRegistryAllowlist, type IslandConfig } from '../../../../src-shared/config/schema';
import { ImageRejectedError } from '../container/image-supply';
import { normaliseJobDigest } from './digests';
import { InvalidImageRefError, parseImageRef, type ImageRef } from './image-ref';
import { findMatchingEntry } from './registry-match';
import { rejectText } from './reject-messages';

export interface RegistryPolicy {
  enabled: boolean;
  /** The allowlist in force (the built-in defaults when `[registry] allowed = []`). */
  allowed: readonly string[];
  requireDigest: boolean;
}

export function registryPolicyOf(config: IslandConfig): RegistryPolicy {
  return { enabled: config.registry.enabled, allowed: effectiveRegistryAllowlist(config), requireDigest: config.registry.require_digest };
}

export interface CheckedImage {
  ref: ImageRef;
  /** The digest the image must have: the job's `image_digest`, else the reference's `@digest`. */
  pinned: string | null;
  /** The job's digest was upper-case and was compared in lower case. */
  digestCaseChanged: boolean;
}

export function checkImage(image: string, jobDigest: string | null, policy: RegistryPolicy): CheckedImage {
  let ref: ImageRef;
  try {
    ref = parseImageRef(image);
  } catch (err) {
    if (err instanceof InvalidImageRefError) throw new ImageRejectedError(rejectText.invalidReference(err.message));
    throw err;
  }
  if (policy.enabled && findMatchingEntry(ref, policy.allowed) === undefined) {
    throw new ImageRejectedError(rejectText.registryNotAllowed(ref));
  }
  // An empty image_digest is "none", as in the Rust Island's build_image_reference.
  const given = jobDigest?.trim() ? jobDigest.trim() : null;
  if (policy.requireDigest && ref.digest === null && given === null) throw new ImageRejectedError(rejectText.digestRequired(ref.text));
  if (given === null) return { ref, pinned: ref.digest, digestCaseChanged: false };
  const normalised = normaliseJobDigest(given);
  if (!normalised.ok) throw new ImageRejectedError(rejectText.invalidJobDigest(given, ref.text));
  if (ref.digest !== null && ref.digest !== normalised.digest) {
    throw new ImageRejectedError(rejectText.conflictingDigests(ref.digest, normalised.digest, ref.text));
  }
  return { ref, pinned: normalised.digest, digestCaseChanged: normalised.changedCase };
}
