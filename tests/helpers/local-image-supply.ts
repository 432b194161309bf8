// An ImageSupply for the container runtime's tests: no registry policy, no signatures, no pulls.
// It accepts an image only if the local dockerd already has it (tests build theirs FROM scratch),
// checks `image_digest` against the image id as §6.5 does, and records what the runtime told it.
import type Docker from 'dockerode';
import type { CacheMetricsSnapshot } from '../../src-shared/protocol/messages';
import { ImageRejectedError, type ImageSupply, type PreparedImage } from '../../src-main/agent/runtimes/container/image-supply';

export interface LocalImageSupplyOptions {
  /** Images refused with this message, as a real policy would (`Image not allowed: ...`). */
  reject?: Record<string, string>;
  /** Delay of each prepare (ms), to test a cancel while the image is being prepared. */
  delayMs?: number;
}

export class LocalImageSupply implements ImageSupply {
  readonly prepared: Array<{ image: string; digest: string | null; jobId: string }> = [];
  readonly runs: Array<{ workloadId: string | null; image: string; succeeded: boolean }> = [];
  started = 0;
  closed = 0;

  constructor(
    private readonly docker: Docker,
    private readonly opts: LocalImageSupplyOptions = {},
  ) {}

  async prepare(image: string, expectedDigest: string | null, opts: { signal: AbortSignal; jobId: string }): Promise<PreparedImage> {
    this.prepared.push({ image, digest: expectedDigest, jobId: opts.jobId });
    if (this.opts.delayMs) await abortableDelay(this.opts.delayMs, opts.signal);
    const refusal = this.opts.reject?.[image];
    if (refusal) throw new ImageRejectedError(refusal);
    const info = await this.docker
      .getImage(image)
      .inspect()
      .catch(() => null);
    if (!info) throw new ImageRejectedError(`Image not available: ${image} is not in the local Docker engine (the test supply never pulls)`);
    if (expectedDigest) {
      const want = expectedDigest.startsWith('sha256:') ? expectedDigest : `sha256:${expectedDigest}`;
      const ok = info.Id === want || (info.RepoDigests ?? []).some((d) => d.endsWith(`@${want}`));
      if (!ok) throw new ImageRejectedError(`Image digest verification failed: expected ${want}, image ${image} is ${info.Id}`);
    }
    return { ref: image, imageId: info.Id, digest: expectedDigest, signature: { status: 'skipped', reason: 'test supply' }, cached: true };
  }

  recordRun(workloadId: string | null, image: string, succeeded: boolean): void {
    this.runs.push({ workloadId, image, succeeded });
  }

  warmth(): number {
    return 0;
  }

  metrics(): CacheMetricsSnapshot {
    return { cached_image_count: 0, cached_size_mb: 0, warm_workload_count: 0, warm_workload_ids: [] };
  }

  async start(): Promise<void> {
    this.started += 1;
  }

  async close(): Promise<void> {
    this.closed += 1;
  }
}

function abortableDelay(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        reject(new Error('image preparation aborted'));
      },
      { once: true },
    );
  });
}
