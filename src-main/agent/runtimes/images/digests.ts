// Digest pinning (§6.5). The job's `image_digest` may be bare hex or `sha256:<hex>`; Docker writes
// hex in lower case, and the Rust Island compares case-sensitively, so an upper-case digest from a
// coordinator never matched. We lower-case it (and log that we did) instead of failing the job.
import { repositoryOfDockerRef } from './image-ref';

const BARE_OR_PREFIXED = /^(?:sha256:)?([a-fA-F0-9]{64})$/;

export type NormalisedDigest = { ok: true; digest: string; changedCase: boolean } | { ok: false };

export function normaliseJobDigest(input: string): NormalisedDigest {
  const match = BARE_OR_PREFIXED.exec(input.trim());
  if (!match) return { ok: false };
  const hex = match[1]!;
  const lower = hex.toLowerCase();
  return { ok: true, digest: `sha256:${lower}`, changedCase: lower !== hex };
}

export interface LocalImageDigests {
  Id: string;
  RepoDigests?: string[] | null;
}

/** The manifest digests Docker recorded for the image, optionally only those of one repository. */
export function repoDigestsOf(image: LocalImageDigests, repository?: string): string[] {
  const out: string[] = [];
  for (const entry of image.RepoDigests ?? []) {
    const at = entry.lastIndexOf('@');
    if (at < 0) continue;
    if (repository !== undefined && repositoryOfDockerRef(entry) !== repository) continue;
    const digest = entry.slice(at + 1).toLowerCase();
    if (!out.includes(digest)) out.push(digest);
  }
  return out;
}

/**
 * §6.5's check: the image's id is the expected digest, or Docker recorded that manifest digest for
 * it. Any repository counts: a manifest digest names its content, wherever it was pulled from.
 */
export function imageHasDigest(image: LocalImageDigests, expected: string): boolean {
  return image.Id.toLowerCase() === expected || repoDigestsOf(image).includes(expected);
}
