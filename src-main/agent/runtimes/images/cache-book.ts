// What the Island knows about the images it pulled or used, and the Cargos that ran recently
// (§9.1, done better): keyed by image id, so an image with two tags is one image of one size;
// `last_used` and `use_count` survive restarts instead of being reset by every re-scan; only
// successful runs make a Cargo warm (quirk 8). Pure bookkeeping with an injected clock: the Docker
// side (listing, removing) lives in image-supply.ts.
import type { CacheMetricsSnapshot } from '../../../../src-shared/protocol/messages';

export interface CachedImage {
  id: string;
  /** Canonical references it was used under (`docker.io/library/nginx:latest`, `…@sha256:…`). */
  refs: string[];
  sizeBytes: number;
  firstSeen: number;
  lastUsed: number;
  useCount: number;
  /** The Island pulled it (it was not on this machine before): only such images are ever removed. */
  pulledByIsland: boolean;
}

export interface WarmWorkload {
  workloadId: string;
  image: string;
  lastRun: number;
  runCount: number;
}

export interface VerifiedSignature {
  keyId: string;
  fingerprint: string;
  at: number;
}

export interface CacheLimits {
  maxImages: number;
  maxBytes: number;
  warmTtlMs: number;
}

const MIB = 1024 * 1024;
const MAX_VERIFIED = 1000;

export class CacheBook {
  readonly images = new Map<string, CachedImage>();
  readonly warm = new Map<string, WarmWorkload>();
  /** Manifest digest → the key that verified its signature, so a restart needs no registry to re-check. */
  readonly verified = new Map<string, VerifiedSignature>();

  constructor(
    private readonly limits: CacheLimits,
    private readonly now: () => number = Date.now,
  ) {}

  /** A job used the image (or a pre-pull fetched it, which `countUse = false` keeps out of the use count). */
  recordUse(id: string, refs: readonly string[], sizeBytes: number, pulledByIsland: boolean, countUse = true): CachedImage {
    const t = this.now();
    const entry = this.images.get(id) ?? { id, refs: [], sizeBytes, firstSeen: t, lastUsed: t, useCount: 0, pulledByIsland };
    for (const ref of refs) if (!entry.refs.includes(ref)) entry.refs.push(ref);
    entry.sizeBytes = sizeBytes;
    entry.lastUsed = t;
    if (countUse) entry.useCount += 1;
    // Once the owner's, always the owner's: a later pull of the same id does not make it ours.
    entry.pulledByIsland = this.images.has(id) ? entry.pulledByIsland : pulledByIsland;
    this.images.set(id, entry);
    return entry;
  }

  findByRef(ref: string): CachedImage | undefined {
    for (const entry of this.images.values()) if (entry.refs.includes(ref)) return entry;
    return undefined;
  }

  /** Only successful runs count (quirk 8: the Rust Island also counted failed ones). */
  recordRun(workloadId: string, image: string): void {
    const previous = this.warm.get(workloadId);
    this.warm.set(workloadId, { workloadId, image, lastRun: this.now(), runCount: (previous?.runCount ?? 0) + 1 });
  }

  isWarm(workloadId: string): boolean {
    const w = this.warm.get(workloadId);
    return w !== undefined && this.now() - w.lastRun < this.limits.warmTtlMs;
  }

  /** §9.2: 50 for a warm Cargo, plus 30 + min(use_count, 20) when its image is cached; 0–100. */
  warmth(workloadId: string | null, imageRef: string | null): number {
    const warm = workloadId !== null && this.isWarm(workloadId) ? 50 : 0;
    const image = imageRef !== null ? this.findByRef(imageRef) : undefined;
    return warm + (image ? 30 + Math.min(image.useCount, 20) : 0);
  }

  metrics(): CacheMetricsSnapshot {
    let bytes = 0;
    for (const entry of this.images.values()) bytes += entry.sizeBytes;
    const warm = [...this.warm.values()].filter((w) => this.isWarm(w.workloadId)).sort((a, b) => b.lastRun - a.lastRun);
    return {
      cached_image_count: this.images.size,
      cached_size_mb: Math.floor(bytes / MIB),
      warm_workload_count: warm.length,
      warm_workload_ids: warm.map((w) => w.workloadId),
    };
  }

  /** Drops Cargos whose warmth has run out; returns how many. */
  pruneWarm(): number {
    let dropped = 0;
    for (const w of [...this.warm.values()]) {
      if (!this.isWarm(w.workloadId)) {
        this.warm.delete(w.workloadId);
        dropped++;
      }
    }
    return dropped;
  }

  /** Forgets images Docker no longer has and takes Docker's current sizes; returns the ids dropped. */
  reconcile(local: ReadonlyMap<string, { sizeBytes: number }>): string[] {
    const dropped: string[] = [];
    for (const [id, entry] of this.images) {
      const found = local.get(id);
      if (!found) {
        this.images.delete(id);
        dropped.push(id);
      } else {
        entry.sizeBytes = found.sizeBytes;
      }
    }
    return dropped;
  }

  /**
   * The least recently used images to remove so that the Island's own images fit both limits.
   * Images the owner had, images in `protectedIds` (a container uses them) and images used within
   * `graceMs` (a job may be about to create its container) are never chosen.
   */
  evictionPlan(protectedIds: ReadonlySet<string>, graceMs: number): CachedImage[] {
    const ours = [...this.images.values()].filter((e) => e.pulledByIsland);
    let count = ours.length;
    let bytes = ours.reduce((sum, e) => sum + e.sizeBytes, 0);
    const cutoff = this.now() - graceMs;
    const candidates = ours.filter((e) => !protectedIds.has(e.id) && e.lastUsed <= cutoff).sort((a, b) => a.lastUsed - b.lastUsed);
    const plan: CachedImage[] = [];
    for (const entry of candidates) {
      if (count <= this.limits.maxImages && bytes <= this.limits.maxBytes) break;
      plan.push(entry);
      count--;
      bytes -= entry.sizeBytes;
    }
    return plan;
  }

  remove(id: string): void {
    this.images.delete(id);
  }

  rememberVerified(digest: string, keyId: string, fingerprint: string): void {
    this.verified.delete(digest);
    this.verified.set(digest, { keyId, fingerprint, at: this.now() });
    // Oldest first in a Map's order: trim from the front.
    while (this.verified.size > MAX_VERIFIED) this.verified.delete(this.verified.keys().next().value!);
  }
}
