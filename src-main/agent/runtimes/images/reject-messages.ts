// Every text the coordinator can see when image supply refuses a job. The first three are the
// Rust Island's (§4.10) word for word; the others are ours (the Rust Island reported these cases
// as `succeeded`, quirk 1) and name what was expected, what was found, and what was tried.
import type { ImageRef } from './image-ref';

const NOT_ALLOWED = 'Image not allowed:';

export const rejectText = {
  invalidReference: (why: string) => `${NOT_ALLOWED} Invalid image reference: ${why}`,

  registryNotAllowed: (ref: ImageRef) => `${NOT_ALLOWED} Registry not allowed: ${ref.registry}/${ref.namespace}. Image: ${ref.text}`,

  digestRequired: (image: string) => `${NOT_ALLOWED} Image must have a digest: ${image}`,

  invalidJobDigest: (given: string, image: string) =>
    `${NOT_ALLOWED} Invalid image_digest ${JSON.stringify(given)}: expected sha256:<64 hex digits> or the 64 hex digits alone. Image: ${image}`,

  conflictingDigests: (inRef: string, inJob: string, image: string) =>
    `${NOT_ALLOWED} Image digest verification failed: the image reference pins ${inRef} but the job's image_digest is ${inJob}. Image: ${image}`,

  digestMismatch: (expected: string, actual: readonly string[], image: string) =>
    `${NOT_ALLOWED} Image digest verification failed: expected ${expected}, got ${actual.length > 0 ? actual.join(', ') : 'an image without a registry digest'}. Image: ${image}`,

  pinnedDigestMissing: (expected: string, repository: string, tagged: { ref: string; digest: string } | null, image: string) =>
    `${NOT_ALLOWED} Image digest verification failed: expected ${expected}, but ${repository} has no manifest with that digest${tagged ? ` (${tagged.ref} is ${tagged.digest})` : ''}. Image: ${image}`,

  noTrustedKeys: (image: string) => `${NOT_ALLOWED} No trusted keys configured, and [signing] require_signature is on. Image: ${image}`,

  unsigned: (signatureRef: string, image: string) =>
    `${NOT_ALLOWED} No cosign signature found (looked for ${signatureRef}), and [signing] require_signature is on. Image: ${image}`,

  signatureInvalid: (keyIds: readonly string[], reasons: readonly string[], image: string) =>
    `${NOT_ALLOWED} Signature verification failed for all trusted keys (tried ${keyIds.join(', ')}): ${reasons.join('; ')}. Image: ${image}`,

  signatureUncheckable: (detail: string, image: string) =>
    `${NOT_ALLOWED} Could not check the image signature (${detail}), and [signing] require_signature is on. Image: ${image}`,

  pullFailed: (reason: string) => `Failed to ensure container image: ${reason}`,
};
