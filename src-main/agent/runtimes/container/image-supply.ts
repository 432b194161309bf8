// The boundary between running a container (container-runtime) and getting its image safely
// (image supply: registry allowlist, digest pinning, cosign signatures, pulls, the image cache).
// The container runtime only ever runs an image that `prepare` returned.
import type { CacheMetricsSnapshot } from '../../../../src-shared/protocol/messages';

export type SignatureVerdict =
  | { status: 'valid'; keyId: string; issuer?: string }
  | { status: 'skipped'; reason: string };

export interface PreparedImage {
  /** The reference to create the container from (tag or name@digest) — exactly what was checked. */
  ref: string;
  /** Docker's image id (`sha256:…`). */
  imageId: string;
  /** The manifest digest that was verified or pinned, when known. */
  digest: string | null;
  signature: SignatureVerdict;
  /** True when the image was already local (no pull). */
  cached: boolean;
}

/**
 * An image the Island refuses to run. `message` is the text the coordinator sees in the
 * job's `failed` status, worded as the reference's catalogue (§4.10) where it has one, e.g.
 * `Image not allowed: Registry not allowed: evil.io/x. Image: evil.io/x/y:1`.
 */
export class ImageRejectedError extends Error {
  override readonly name = 'ImageRejectedError';
}

export interface ImageSupply {
  /** Checks policy, makes the image present locally (pulling with progress events), verifies it. */
  prepare(image: string, expectedDigest: string | null, opts: { signal: AbortSignal; jobId: string }): Promise<PreparedImage>;
  /** After a job: warm-workload tracking and image use counts (§9.1). */
  recordRun(workloadId: string | null, image: string, succeeded: boolean): void;
  /** §9.2 warmth score, 0–100. */
  warmth(workloadId: string | null, image: string): number;
  /** Heartbeat `cache` (§3.3). */
  metrics(): CacheMetricsSnapshot;
  /** At Island start: scan local images, load trusted keys, pre-pull configured images (in the background). */
  start(): Promise<void>;
  close(): Promise<void>;
}
