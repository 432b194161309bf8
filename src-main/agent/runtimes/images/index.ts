// Image supply for the container runtime: registry allowlist, digest pinning, cosign signatures,
// pulls with progress, the image cache. The container runtime calls `prepare` for every job and
// runs only the reference it returns; see ../container/image-supply.ts for the contract.
import os from 'node:os';
import path from 'node:path';
import type Dockerode from 'dockerode';
import type { IslandConfig } from '../../../../src-shared/config/schema';
import type { RuntimeSettings } from '../../config/runtime-settings';
import type { Logger } from '../../log/logger';
import { expandHome, type IslandPaths } from '../../paths';
import type { RuntimeEventSink } from '../runtime-events';
import { CacheBook } from './cache-book';
import { CacheKeeper } from './cache-keeper';
import { DockerImageSupply } from './docker-image-supply';
import { DockerPuller } from './docker-pull';
import { registryPolicyOf } from './image-policy';
import { TrustedKeyStore } from './key-store';
import { RegistryLogins } from './registry-auth';
import { RegistryAccess } from './registry-access';
import type { FetchLike } from './registry-http';
import { signingPolicyOf } from './signature-policy';

export { DockerImageSupply } from './docker-image-supply';
export { ImageRejectedError } from '../container/image-supply';
export type { ImageSupply, PreparedImage, SignatureVerdict } from '../container/image-supply';

/** Knobs with sensible defaults; tests shorten them. */
export interface ImageSupplyTuning {
  /** Registry HTTP calls (manifests, signatures, tokens). Default 30 s. */
  registryTimeoutMs: number;
  /** The keys_url fetch at start and on refresh. Default 10 s. */
  keysTimeoutMs: number;
  keysRefreshMs: number;
  /** How often warm Cargos expire and the size limits are applied. Default 5 min. */
  sweepIntervalMs: number;
  /** An image used this recently is never removed. Default 10 min. */
  evictionGraceMs: number;
  now: () => number;
}

export interface CreateImageSupplyOptions {
  docker: Dockerode;
  config: IslandConfig;
  paths: IslandPaths;
  log: Logger;
  events: RuntimeEventSink;
  settings: RuntimeSettings;
  fetch?: typeof fetch;
  tuning?: Partial<ImageSupplyTuning>;
}

const GIB = 1024 ** 3;

/** `[signing] key_cache_path` (relative to the Island home, `~` expanded) or `<home>/trusted-keys.json`. */
export function keyCachePath(config: IslandConfig, paths: IslandPaths, homedir = os.homedir()): string {
  const configured = config.signing.key_cache_path;
  return configured ? path.resolve(paths.home, expandHome(configured, homedir)) : path.join(paths.home, 'trusted-keys.json');
}

export function imageCacheFile(paths: IslandPaths): string {
  return path.join(paths.home, 'image-cache.json');
}

export function createImageSupply(opts: CreateImageSupplyOptions): DockerImageSupply {
  const { config, docker } = opts;
  const tuning: ImageSupplyTuning = {
    registryTimeoutMs: 30_000,
    keysTimeoutMs: 10_000,
    keysRefreshMs: 3600_000,
    sweepIntervalMs: 5 * 60_000,
    evictionGraceMs: 10 * 60_000,
    now: Date.now,
    ...opts.tuning,
  };
  const log = opts.log.child('images');
  const fetchFn: FetchLike = opts.fetch ?? fetch;
  const book = new CacheBook(
    { maxImages: config.cache.max_cached_images, maxBytes: config.cache.max_cache_gb * GIB, warmTtlMs: config.cache.warm_ttl_seconds * 1000 },
    tuning.now,
  );
  const logins = RegistryLogins.fromConfig(config);
  return new DockerImageSupply({
    docker,
    log,
    registryPolicy: registryPolicyOf(config),
    signingPolicy: signingPolicyOf(config),
    keys: new TrustedKeyStore({
      configKeys: config.signing.trusted_keys,
      // No signature is checked with signing off, so there is nothing to fetch keys for.
      keysUrl: config.signing.enabled ? config.signing.keys_url : undefined,
      cachePath: keyCachePath(config, opts.paths),
      cachePathConfigured: config.signing.key_cache_path !== undefined,
      fetch: fetchFn,
      log: log.child('keys'),
      timeoutMs: tuning.keysTimeoutMs,
      refreshMs: tuning.keysRefreshMs,
    }),
    logins,
    registries: new RegistryAccess({ logins, fetch: fetchFn, book, timeoutMs: tuning.registryTimeoutMs }),
    puller: new DockerPuller(docker, opts.events, log),
    book,
    keeper: new CacheKeeper({ docker, book, file: imageCacheFile(opts.paths), log, evictionGraceMs: tuning.evictionGraceMs }),
    preloadImages: config.cache.enable_preload ? config.cache.preload_images : [],
    sweepIntervalMs: tuning.sweepIntervalMs,
  });
}
