// The catalog: the registry's 133 Cargos plus the slugs known only from docs and code, with the
// reference's price examples. The prices screen merges knownCargos() with the slugs the
// coordinator recommends or dispatches (listCargoSlugs).

import { DEFAULT_PRICE_KEY } from '../pricing';
import { SLUG_PRICE_GUIDANCE } from './price-guidance';
import { REGISTRY_ROWS } from './registry';
import { REGISTRY_SLUGS, SLUG_DESCRIPTIONS, SLUG_ONLY_CARGOS } from './slugs';
import type { CargoListing, CatalogCargo, KnownCargo } from './types';

function guidanceFor(slug: string | null): CatalogCargo['priceGuidance'] {
  return slug === null ? [] : (SLUG_PRICE_GUIDANCE[slug] ?? []);
}

const REGISTRY: readonly CatalogCargo[] = REGISTRY_ROWS.map((row) => {
  const slug = REGISTRY_SLUGS.get(row.listing.index) ?? null;
  return {
    slug,
    name: row.name,
    runtimeType: row.runtimeType,
    description: slug === null ? null : (SLUG_DESCRIPTIONS[slug] ?? null),
    registry: row.listing,
    // Every registry entry is badged Official, trust level 3.
    trustLevel: 3,
    priceGuidance: guidanceFor(slug),
  };
});

const SLUG_ONLY: readonly KnownCargo[] = SLUG_ONLY_CARGOS.map((c) => ({
  ...c,
  registry: null,
  trustLevel: null,
  priceGuidance: guidanceFor(c.slug),
}));

const ALL: readonly CatalogCargo[] = [...REGISTRY, ...SLUG_ONLY];
const KNOWN: readonly KnownCargo[] = ALL.filter((c): c is KnownCargo => c.slug !== null);
const BY_SLUG = new Map(KNOWN.map((c) => [c.slug, c]));

/** The registry page's 133 Cargos, in page order. */
export function registryCargos(): readonly CatalogCargo[] {
  return REGISTRY;
}

/** Every catalog entry: the registry, then the slug-only Cargos. */
export function catalogCargos(): readonly CatalogCargo[] {
  return ALL;
}

/** The Cargos with a slug, the ones an owner can set an asking price for. */
export function knownCargos(): readonly KnownCargo[] {
  return KNOWN;
}

/** Slugs are matched exactly: the coordinator and the config use them verbatim. */
export function findCargo(slug: string): KnownCargo | null {
  return BY_SLUG.get(slug) ?? null;
}

/**
 * The known Cargos followed by any other slugs (from the coordinator, the config's prices), each
 * once, in first-seen order; blank slugs and the `_default` price key are not Cargos.
 */
export function listCargoSlugs(extraSlugs: readonly string[] = []): readonly CargoListing[] {
  const seen = new Set<string>();
  const out: CargoListing[] = [];
  for (const cargo of KNOWN) {
    seen.add(cargo.slug);
    out.push({ kind: 'known', slug: cargo.slug, cargo });
  }
  for (const slug of extraSlugs) {
    if (slug.trim() === '' || slug === DEFAULT_PRICE_KEY || seen.has(slug)) continue;
    seen.add(slug);
    out.push({ kind: 'unknown', slug });
  }
  return out;
}
