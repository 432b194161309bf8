// Image references, parsed the way the Rust Island does (§6.4: its `registry/namespace` is what the
// coordinator sees in "Registry not allowed" errors) and then checked against Docker's reference
// grammar, because the parts end up in registry URLs and Docker API calls: a reference that Docker
// would refuse, or one that could smuggle `..` or `?` into a URL, is refused here first.

export interface ImageRef {
  /** The reference as given, trimmed. */
  readonly text: string;
  /** Lower-cased host[:port]; Docker Hub is `docker.io` (also for `index.docker.io`). */
  readonly registry: string;
  /** §6.4's namespace (`library` for `nginx` and for `localhost:5000/app`): for messages only. */
  readonly namespace: string;
  readonly name: string;
  /** The repository path on the registry: `library/nginx`, `team/app`, `app` for `localhost:5000/app`. */
  readonly path: string;
  readonly tag: string | null;
  /** `sha256:<hex>` (hex lower-cased), or null. */
  readonly digest: string | null;
}

export class InvalidImageRefError extends Error {
  override readonly name = 'InvalidImageRefError';
}

export const DOCKER_HUB = 'docker.io';
// distribution/reference's grammar.
const PATH_COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const DOMAIN = /^(?:(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])(?:\.(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9]))*|\[[0-9a-fA-F:.]+\])(?::[0-9]{1,5})?$/;
const TAG = /^[\w][\w.-]{0,127}$/;
const SHA256 = /^sha256:[a-fA-F0-9]{64}$/;

/** Docker's rule for "is the first part a registry": it has a `.` or a `:`, or is `localhost`. */
export function looksLikeRegistry(part: string): boolean {
  return part.includes('.') || part.includes(':') || part === 'localhost';
}

/** `index.docker.io` and any case of a host name are the same registry. */
export function normaliseRegistry(host: string): string {
  const lower = host.toLowerCase();
  return lower === 'index.docker.io' ? DOCKER_HUB : lower;
}

export function parseImageRef(input: string): ImageRef {
  const text = input.trim();
  if (text === '') throw new InvalidImageRefError('Empty image reference');
  const at = text.indexOf('@');
  let rest = at >= 0 ? text.slice(0, at) : text;
  const digestText = at >= 0 ? text.slice(at + 1) : null;
  let tag: string | null = null;
  const colon = rest.lastIndexOf(':');
  if (colon >= 0 && !rest.slice(colon + 1).includes('/')) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
  }
  const parts = rest.split('/');
  let registry: string;
  let namespace: string;
  let pathParts: string[];
  if (parts.length === 1) {
    [registry, namespace, pathParts] = [DOCKER_HUB, 'library', ['library', parts[0]!]];
  } else if (parts.length === 2 && looksLikeRegistry(parts[0]!)) {
    [registry, namespace, pathParts] = [parts[0]!, 'library', [parts[1]!]];
  } else if (parts.length === 2) {
    [registry, namespace, pathParts] = [DOCKER_HUB, parts[0]!, parts];
  } else {
    [registry, namespace, pathParts] = [parts[0]!, parts.slice(1, -1).join('/'), parts.slice(1)];
  }
  if (!DOMAIN.test(registry)) throw new InvalidImageRefError(`"${registry}" is not a registry host: ${text}`);
  registry = normaliseRegistry(registry);
  // Docker Hub keeps official images under library/, also when the registry is written out.
  if (registry === DOCKER_HUB && pathParts.length === 1) pathParts = ['library', pathParts[0]!];
  for (const part of pathParts) {
    if (!PATH_COMPONENT.test(part)) {
      const why = part === '' ? 'an empty path component' : part !== part.toLowerCase() ? `"${part}" (repository names must be lower case)` : `"${part}"`;
      throw new InvalidImageRefError(`invalid repository name, ${why}: ${text}`);
    }
  }
  if (tag !== null && !TAG.test(tag)) throw new InvalidImageRefError(`invalid tag "${tag}": ${text}`);
  let digest: string | null = null;
  if (digestText !== null) {
    if (!SHA256.test(digestText)) throw new InvalidImageRefError(`invalid digest "${digestText}" (expected sha256: and 64 hex digits): ${text}`);
    digest = digestText.toLowerCase();
  }
  return { text, registry, namespace, name: pathParts[pathParts.length - 1]!, path: pathParts.join('/'), tag, digest };
}

/** `registry/path`, e.g. `docker.io/library/nginx`, `127.0.0.1:5000/team/app`. */
export function repositoryOf(ref: ImageRef): string {
  return `${ref.registry}/${ref.path}`;
}

/** The tag Docker would use: an untagged reference means `:latest` (quirk 19: never "all tags"). */
export function tagOf(ref: ImageRef): string {
  return ref.tag ?? 'latest';
}

export function taggedRefOf(ref: ImageRef): string {
  return `${repositoryOf(ref)}:${tagOf(ref)}`;
}

export function digestRefOf(ref: ImageRef, digest: string): string {
  return `${repositoryOf(ref)}@${digest}`;
}

/** The repository of a Docker `RepoTags` / `RepoDigests` entry (`nginx@sha256:…` → `docker.io/library/nginx`), or null. */
export function repositoryOfDockerRef(dockerRef: string): string | null {
  try {
    return repositoryOf(parseImageRef(dockerRef));
  } catch {
    return null;
  }
}
