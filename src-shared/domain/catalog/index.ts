// The Cargo catalog's public API (product.md §5, §3): what the prices and Cargo screens call.

export type {
  CargoCategory,
  CargoListing,
  CargoSize,
  CatalogCargo,
  GpuTag,
  KnownCargo,
  PricePoint,
  RegistryListing,
  RequestCostRange,
  RuntimeType,
  RuntimeTypeInfo,
  SandboxTier,
  SiteFormat,
  TrustLevel,
  TrustLevelInfo,
} from './types';

export { RUNTIME_TYPES, runtimeTypeOf } from './runtime-types';
export { TRUST_LEVELS, trustLevelInfo } from './trust-levels';
export { APPROXIMATE_REQUEST_COSTS, DEFAULT_ASKING_PRICE_EXAMPLE, SLUG_PRICE_GUIDANCE } from './price-guidance';
export { NON_CARGO_SLUGS } from './slugs';
export { catalogCargos, findCargo, knownCargos, listCargoSlugs, registryCargos } from './catalog';
