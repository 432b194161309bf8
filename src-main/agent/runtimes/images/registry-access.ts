// Talks to registries for the image supply: resolves a tag to its manifest digest (so that what is
// verified is exactly what is pulled, by digest) and checks cosign signatures, remembering which
// key verified which digest so an image that was verified once runs again without a registry.
import type { CacheBook } from './cache-book';
import { verifyCosignSignature, type CosignResult } from './cosign-verify';
import { tagOf, type ImageRef } from './image-ref';
import type { RegistryLogins } from './registry-auth';
import { RegistryClient } from './registry-client';
import type { FetchLike } from './registry-http';
import type { UsableKey } from './trusted-keys';

export interface RegistryAccessOptions {
  logins: RegistryLogins;
  fetch: FetchLike;
  book: CacheBook;
  timeoutMs: number;
}

export type TagResolution = { status: 'found'; digest: string } | { status: 'not-found' } | { status: 'error'; detail: string };

export class RegistryAccess {
  private readonly clients = new Map<string, RegistryClient>();

  constructor(private readonly opts: RegistryAccessOptions) {}

  /** One client per registry, each holding only that registry's login and tokens. */
  client(registry: string): RegistryClient {
    let client = this.clients.get(registry);
    if (!client) {
      client = new RegistryClient({ registry, login: this.opts.logins.forRegistry(registry), fetch: this.opts.fetch, timeoutMs: this.opts.timeoutMs });
      this.clients.set(registry, client);
    }
    return client;
  }

  /** The manifest digest a tag (or `latest`) points to now, or the given digest if it exists. */
  async resolve(ref: ImageRef, reference: string | null, signal: AbortSignal): Promise<TagResolution> {
    try {
      const manifest = await this.client(ref.registry).getManifest(ref.path, reference ?? tagOf(ref), signal);
      return manifest ? { status: 'found', digest: manifest.digest } : { status: 'not-found' };
    } catch (err) {
      if (signal.aborted) throw err;
      return { status: 'error', detail: (err as Error).message };
    }
  }

  async verify(ref: ImageRef, digest: string, keys: readonly UsableKey[], signal: AbortSignal): Promise<CosignResult> {
    const known = this.opts.book.verified.get(digest);
    const stillTrusted = known && keys.find((k) => k.keyId === known.keyId && k.fingerprint === known.fingerprint);
    if (stillTrusted) return { status: 'valid', key: stillTrusted };
    const result = await verifyCosignSignature(this.client(ref.registry), ref, digest, keys, signal);
    if (result.status === 'valid') this.opts.book.rememberVerified(digest, result.key.keyId, result.key.fingerprint);
    return result;
  }
}
