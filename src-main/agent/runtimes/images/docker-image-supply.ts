// Getting a container image safely, in the order that keeps untrusted bytes off the machine:
// policy (allowlist, digest rules) → which manifest digest → its signature → pull that digest →
// check what Docker has. A job's image is pulled by digest whenever a digest is known (pinned by
// the job, or resolved from the tag for the signature check), so the image that runs is exactly
// the one that was checked, even if the tag moves in between.
import type Dockerode from 'dockerode';
import type { Logger } from '../../log/logger';
import { ImageRejectedError, type ImageSupply, type PreparedImage, type SignatureVerdict } from '../container/image-supply';
import type { CacheMetricsSnapshot } from '../../../../src-shared/protocol/messages';
import type { CacheBook } from './cache-book';
import type { CacheKeeper } from './cache-keeper';
import type { CosignResult } from './cosign-verify';
import { imageHasDigest, repoDigestsOf } from './digests';
import { PullAbortedError, type DockerPuller } from './docker-pull';
import { dockerErrorText, inspectLocal, type LocalImage } from './docker-local';
import { checkImage, type RegistryPolicy } from './image-policy';
import { digestRefOf, parseImageRef, repositoryOf, tagOf, taggedRefOf, type ImageRef } from './image-ref';
import type { TrustedKeyStore } from './key-store';
import type { UsableKey } from './trusted-keys';
import { dockerAuthConfig, type RegistryLogins } from './registry-auth';
import type { RegistryAccess } from './registry-access';
import { rejectText } from './reject-messages';
import { decideSignature, planSignatureCheck, type SigningPolicy } from './signature-policy';

export interface DockerImageSupplyDeps {
  docker: Dockerode;
  log: Logger;
  registryPolicy: RegistryPolicy;
  signingPolicy: SigningPolicy;
  keys: TrustedKeyStore;
  logins: RegistryLogins;
  registries: RegistryAccess;
  puller: DockerPuller;
  book: CacheBook;
  keeper: CacheKeeper;
  preloadImages: readonly string[];
  /** Warm-workload expiry and the size limits are checked this often (the Rust Island: 5 min). */
  sweepIntervalMs: number;
}

export class DockerImageSupply implements ImageSupply {
  private readonly closing = new AbortController();

  /** The image cache's book and how to save it, for the dashboard's storage page. */
  cacheParts(): { docker: Dockerode; book: CacheBook; persist: () => void } {
    return { docker: this.deps.docker, book: this.deps.book, persist: () => this.deps.keeper.persistSoon() };
  }

  private sweepTimer: NodeJS.Timeout | undefined;
  private preloading: Promise<void> = Promise.resolve();

  constructor(private readonly deps: DockerImageSupplyDeps) {}

  prepare(image: string, expectedDigest: string | null, opts: { signal: AbortSignal; jobId: string }): Promise<PreparedImage> {
    return this.prepareImage(image, expectedDigest, opts.signal, opts.jobId, true);
  }

  recordRun(workloadId: string | null, image: string, succeeded: boolean): void {
    if (!succeeded || workloadId === null) return;
    this.deps.book.recordRun(workloadId, canonicalKey(image) ?? image);
    this.deps.keeper.persistSoon();
  }

  warmth(workloadId: string | null, image: string): number {
    return this.deps.book.warmth(workloadId, canonicalKey(image));
  }

  metrics(): CacheMetricsSnapshot {
    return this.deps.book.metrics();
  }

  /** Removes least recently used images beyond the limits now; resolves with the ids removed. */
  enforceLimits(): Promise<string[]> {
    return this.deps.keeper.enforceLimits();
  }

  /** Resolves when the pre-pulls started by start() are done (for tests and a clean shutdown). */
  preloaded(): Promise<void> {
    return this.preloading;
  }

  /** Never throws: a problem here costs a feature (cached keys, eviction), never the Island. */
  async start(): Promise<void> {
    const { keeper, keys, log, book } = this.deps;
    await keeper.load();
    try {
      await keeper.reconcile();
    } catch (err) {
      log.warn('Docker did not list its images; the image cache is as last saved', { error: dockerErrorText(err) });
    }
    try {
      await keys.start();
    } catch (err) {
      log.error('trusted signing keys could not be loaded; only the keys in config.toml are used', { error: (err as Error).message });
    }
    this.sweepTimer = setInterval(() => {
      if (book.pruneWarm() > 0) keeper.persistSoon();
      void keeper.enforceLimits();
    }, this.deps.sweepIntervalMs);
    this.sweepTimer.unref();
    void keeper.enforceLimits();
    if (this.deps.preloadImages.length > 0) this.preloading = this.preloadAll();
  }

  async close(): Promise<void> {
    if (this.sweepTimer) clearInterval(this.sweepTimer);
    this.closing.abort();
    this.deps.keys.close();
    await this.preloading;
    await this.deps.keeper.close();
  }

  /** One after another, in the background, through the same checks as a job's image. */
  private async preloadAll(): Promise<void> {
    for (const image of this.deps.preloadImages) {
      if (this.closing.signal.aborted) return;
      try {
        const prepared = await this.prepareImage(image, null, this.closing.signal, 'preload', false);
        this.deps.log.info('pre-pulled image', { image, cached: prepared.cached, signature: prepared.signature.status });
      } catch (err) {
        if (this.closing.signal.aborted) return;
        this.deps.log.warn('could not pre-pull image', { image, error: (err as Error).message });
      }
    }
  }

  private async prepareImage(image: string, expectedDigest: string | null, signal: AbortSignal, jobId: string, countUse: boolean): Promise<PreparedImage> {
    const { log, keeper, book } = this.deps;
    const checked = checkImage(image, expectedDigest, this.deps.registryPolicy);
    const ref = checked.ref;
    if (checked.digestCaseChanged) {
      log.info(`image_digest was written in upper case; Docker writes digests in lower case, so it is compared as ${checked.pinned}`, { job_id: jobId, image_digest: expectedDigest });
    }
    const plan = planSignatureCheck(ref, this.deps.signingPolicy, this.deps.keys.keys());
    if (plan.kind === 'reject') throw new ImageRejectedError(plan.message);

    const target: Target = { digest: checked.pinned, local: null };
    target.local = await this.lookUp(target.digest ? digestRefOf(ref, target.digest) : taggedRefOf(ref));
    const signature = plan.kind === 'skip' ? plan.verdict : await this.checkSignature(ref, target, plan.keys, signal, jobId);
    checkAborted(signal);

    const { digest } = target;
    let { local } = target;
    const runRef = digest ? digestRefOf(ref, digest) : taggedRefOf(ref);
    const cached = local !== null;
    let pulledByIsland = false;
    if (!local) {
      const before = await keeper.localImageIds().catch(() => new Set<string>());
      local = await this.pull(ref, digest, runRef, signal);
      pulledByIsland = !before.has(local.Id);
      if (digest && ref.digest === null && checked.pinned === null) await this.tagAsRequested(local, ref);
    }
    if (digest && !imageHasDigest(local, digest)) throw new ImageRejectedError(rejectText.digestMismatch(digest, repoDigestsOf(local), ref.text));

    const refs = [...(ref.digest === null ? [taggedRefOf(ref)] : []), ...(digest ? [digestRefOf(ref, digest)] : [])];
    book.recordUse(local.Id, refs, local.Size, pulledByIsland, countUse);
    keeper.persistSoon();
    if (!cached) void keeper.enforceLimits();
    log.debug('image ready', { job_id: jobId, image: runRef, id: local.Id, cached, signature: signature.status });
    return { ref: runRef, imageId: local.Id, digest: digest ?? repoDigestsOf(local, repositoryOf(ref))[0] ?? null, signature, cached };
  }

  /**
   * Steps 4–5 of §6.6. A signature is looked up by manifest digest, so a tag is first resolved:
   * from the local image when there is one (it is what would run), else from the registry — and
   * `target.digest` is then what gets pulled.
   */
  private async checkSignature(ref: ImageRef, target: Target, keys: readonly UsableKey[], signal: AbortSignal, jobId: string): Promise<SignatureVerdict> {
    let result: CosignResult | undefined;
    if (target.digest === null && target.local) {
      target.digest = repoDigestsOf(target.local, repositoryOf(ref))[0] ?? null;
      if (target.digest === null) result = { status: 'error', detail: `the local image ${taggedRefOf(ref)} has no registry digest to look a signature up by (was it built on this machine?)` };
    } else if (target.digest === null) {
      const resolved = await this.deps.registries.resolve(ref, null, signal);
      if (resolved.status === 'not-found') throw new ImageRejectedError(rejectText.pullFailed(`${taggedRefOf(ref)}: manifest unknown (no such tag in the registry)`));
      if (resolved.status === 'error') {
        result = { status: 'error', detail: `resolving ${taggedRefOf(ref)}: ${resolved.detail}` };
      } else {
        target.digest = resolved.digest;
        target.local = await this.lookUp(digestRefOf(ref, resolved.digest));
      }
    } else if (!target.local) {
      // Pinned and not here: a digest the registry does not have deserves a clearer word than "unsigned".
      const resolved = await this.deps.registries.resolve(ref, target.digest, signal);
      if (resolved.status === 'not-found') throw await this.missingDigest(ref, target.digest, signal);
    }
    result ??= await this.deps.registries.verify(ref, target.digest!, keys, signal);
    const decision = decideSignature(result, ref, this.deps.signingPolicy, keys);
    if (!decision.ok) throw new ImageRejectedError(decision.message);
    if (decision.warning) this.deps.log.warn(decision.warning, { job_id: jobId, image: ref.text });
    return decision.verdict;
  }

  private async lookUp(ref: string): Promise<LocalImage | null> {
    try {
      return await inspectLocal(this.deps.docker, ref);
    } catch (err) {
      throw new ImageRejectedError(rejectText.pullFailed(`Docker could not look up ${ref}: ${dockerErrorText(err)}`));
    }
  }

  private async pull(ref: ImageRef, digest: string | null, runRef: string, signal: AbortSignal): Promise<LocalImage> {
    const login = this.deps.logins.forRegistry(ref.registry);
    try {
      await this.deps.puller.pull(
        { ref: runRef, repository: repositoryOf(ref), tagOrDigest: digest ?? tagOf(ref), ...(login ? { auth: dockerAuthConfig(ref.registry, login) } : {}) },
        signal,
      );
    } catch (err) {
      if (err instanceof PullAbortedError || signal.aborted) throw err;
      if (digest) {
        const resolved = await this.deps.registries.resolve(ref, digest, signal);
        if (resolved.status === 'not-found') throw await this.missingDigest(ref, digest, signal);
      }
      throw new ImageRejectedError(rejectText.pullFailed(dockerErrorText(err)));
    }
    const local = await this.lookUp(runRef);
    if (!local) throw new ImageRejectedError(rejectText.pullFailed(`${runRef} is not in Docker after the pull`));
    return local;
  }

  /**
   * A tag resolved to a digest was pulled by that digest, which leaves the image untagged; give it
   * the tag, as `docker pull repo:tag` would, so the next job finds it without asking the registry.
   */
  private async tagAsRequested(local: LocalImage, ref: ImageRef): Promise<void> {
    try {
      await this.deps.docker.getImage(local.Id).tag({ repo: repositoryOf(ref), tag: tagOf(ref) });
    } catch (err) {
      this.deps.log.debug('could not tag the pulled image', { image: local.Id, tag: taggedRefOf(ref), error: dockerErrorText(err) });
    }
  }

  /** The pinned digest is not in the registry: say what the tag points to instead, when we can. */
  private async missingDigest(ref: ImageRef, digest: string, signal: AbortSignal): Promise<ImageRejectedError> {
    const tagged = await this.deps.registries.resolve(ref, null, signal);
    const current = tagged.status === 'found' ? { ref: taggedRefOf(ref), digest: tagged.digest } : null;
    return new ImageRejectedError(rejectText.pinnedDigestMissing(digest, repositoryOf(ref), current, ref.text));
  }
}

/** The image a job will run, as far as it is known: its manifest digest and the local copy. */
interface Target {
  digest: string | null;
  local: LocalImage | null;
}

function checkAborted(signal: AbortSignal): void {
  if (signal.aborted) throw new PullAbortedError('image preparation abandoned: the job was aborted');
}

/** The key an image is known by in the cache book: `repo@digest` when pinned, else `repo:tag`. */
function canonicalKey(image: string): string | null {
  try {
    const ref = parseImageRef(image);
    return ref.digest ? digestRefOf(ref, ref.digest) : taggedRefOf(ref);
  } catch {
    return null;
  }
}
