// Matching an image against `[registry] allowed` and `[signing] unsigned_allowed_registries`.
// The Rust Island compares raw string prefixes (quirk 12), so `ghcr.io/archipelag-io` also lets in
// `ghcr.io/archipelag-io-evil/x`. Here an entry is a registry followed by whole path segments:
// `ghcr.io` allows that registry, `ghcr.io/archipelag-io` that namespace and everything under it,
// and an entry naming a full repository allows exactly that repository.
import { normaliseRegistry, repositoryOf, type ImageRef } from './image-ref';

/** An entry as segments, registry first; null for an entry that can never match (empty). */
export function entrySegments(entry: string): string[] | null {
  const cleaned = entry
    .trim()
    // Owners write URLs; the scheme says nothing about which images are meant.
    .replace(/^[a-z][a-z0-9+.-]*:\/\//i, '')
    .replace(/\/+$/, '');
  if (cleaned === '') return null;
  const [registry, ...path] = cleaned.split('/');
  if (!registry || path.some((p) => p === '')) return null;
  return [normaliseRegistry(registry), ...path];
}

function imageSegments(ref: ImageRef): string[] {
  return repositoryOf(ref).split('/');
}

export function matchesEntry(ref: ImageRef, entry: string): boolean {
  const want = entrySegments(entry);
  if (!want) return false;
  const have = imageSegments(ref);
  return want.length <= have.length && want.every((segment, i) => segment === have[i]);
}

/** The first entry that allows `ref`, or undefined. */
export function findMatchingEntry(ref: ImageRef, entries: readonly string[]): string | undefined {
  return entries.find((entry) => matchesEntry(ref, entry));
}
