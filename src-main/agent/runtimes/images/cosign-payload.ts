// cosign's "simple signing" payload (sigstore/sigstore payload.go, after containers/image's
// signature format): what a signature actually vouches for. A signature that verifies says only
// that the key holder signed these bytes; the bytes must also name this very manifest digest, be
// of cosign's type, and name this repository, or a valid signature of another image (or of this
// image in another repository) could be replayed onto this one.
import { parseImageRef, repositoryOf } from './image-ref';

export const COSIGN_SIGNATURE_TYPE = 'cosign container image signature';
export const SIMPLE_SIGNING_MEDIA_TYPE = 'application/vnd.dev.cosign.simplesigning.v1+json';
export const SIGNATURE_ANNOTATION = 'dev.cosignproject.cosign/signature';

export interface SimpleSigningClaims {
  type: string;
  dockerManifestDigest: string;
  dockerReference: string;
}

export type PayloadCheck = { ok: true; claims: SimpleSigningClaims } | { ok: false; reason: string };

export function readPayload(bytes: Buffer): PayloadCheck {
  let parsed: unknown;
  try {
    parsed = JSON.parse(bytes.toString('utf8'));
  } catch {
    return { ok: false, reason: 'the payload is not JSON' };
  }
  const critical = (parsed as { critical?: unknown } | null)?.critical as
    | { type?: unknown; image?: { 'docker-manifest-digest'?: unknown }; identity?: { 'docker-reference'?: unknown } }
    | undefined;
  if (!critical || typeof critical !== 'object') return { ok: false, reason: 'the payload has no "critical" section' };
  const type = critical.type;
  const digest = critical.image?.['docker-manifest-digest'];
  const reference = critical.identity?.['docker-reference'];
  if (typeof type !== 'string' || typeof digest !== 'string' || typeof reference !== 'string') {
    return { ok: false, reason: 'the payload lacks critical.type, critical.image.docker-manifest-digest or critical.identity.docker-reference' };
  }
  return { ok: true, claims: { type, dockerManifestDigest: digest, dockerReference: reference } };
}

/** Why the claims do not fit `repository@digest`, or null when they do. */
export function claimsProblem(claims: SimpleSigningClaims, repository: string, digest: string): string | null {
  if (claims.type !== COSIGN_SIGNATURE_TYPE) return `the payload type is ${JSON.stringify(claims.type)}, not "${COSIGN_SIGNATURE_TYPE}"`;
  if (claims.dockerManifestDigest.toLowerCase() !== digest) return `the payload is for ${claims.dockerManifestDigest}, not ${digest}`;
  const signedRepository = repositoryOfReference(claims.dockerReference);
  if (signedRepository !== repository) return `the payload names ${JSON.stringify(claims.dockerReference)}, not ${repository}`;
  return null;
}

/** cosign writes `index.docker.io/library/nginx` for `nginx`; tags or digests on it are ignored. */
function repositoryOfReference(reference: string): string | null {
  try {
    return repositoryOf(parseImageRef(reference));
  } catch {
    return null;
  }
}
