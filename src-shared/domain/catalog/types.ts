// The Cargo catalog's public types (product.md §5, prices from §3).

/** `runtime_type` (§5.1). */
export type RuntimeType = 'container' | 'wasm' | 'llmcpp' | 'onnx' | 'diffusers' | 'coreml';

/** The registry page's format filter, which maps onto a runtime type. */
export type SiteFormat = 'gguf' | 'diffusers' | 'onnx' | 'containers' | 'coreml' | 'wasm';

export type CargoCategory = 'generative' | 'nlp' | 'vision' | 'audio' | 'media' | 'document' | 'image' | 'utility';

/** The page's GPU tag; 'none' where it has no tag (mostly CPU-capable). */
export type GpuTag = 'required' | 'optional' | 'cpu' | 'cpu-gpu-optional' | 'none';

/** "4.4 GB" is the download; "8 GB VRAM" is what the GPU needs. */
export type CargoSize = { kind: 'download'; gb: number } | { kind: 'vram'; gb: number };

/** A row of Table D: the public registry page, in page order. */
export interface RegistryListing {
  /** 1–133, the page order. */
  index: number;
  siteFormat: SiteFormat;
  category: CargoCategory;
  /** Model or artifact, null where the page shows none. */
  model: string | null;
  size: CargoSize | null;
  gpu: GpuTag;
  tags: readonly string[];
}

export type TrustLevel = 0 | 1 | 2 | 3;
export type SandboxTier = 'restricted' | 'standard' | 'elevated';

/** §5.2: a trust level, its limits and the Island's matching sandbox tier. */
export interface TrustLevelInfo {
  level: TrustLevel;
  name: string;
  badge: string;
  meaning: string;
  /** As the docs state them; null where the page was cut off. */
  limits: string | null;
  sandboxTier: SandboxTier;
  seccomp: string;
}

/** A price the reference quotes for one Cargo, as the config writes prices (a decimal string). */
export interface PricePoint {
  credits: string;
  /** 'asking-price': an example `[pricing.workloads]` entry; 'preload-estimate': a recommendation's estimated_earnings_per_job. */
  basis: 'asking-price' | 'preload-estimate';
  source: string;
}

export interface CatalogCargo {
  /** The Cargo's slug where the reference names one; the registry page prints none. */
  slug: string | null;
  name: string;
  /** Null where no source says how it runs. */
  runtimeType: RuntimeType | null;
  /** What the reference says about it beyond the registry row. */
  description: string | null;
  /** Its row in the public registry (Table D), or null for a slug known only from docs and code. */
  registry: RegistryListing | null;
  /** Every registry Cargo is badged Official (3); null where unknown. The sandbox tier is sent per job. */
  trustLevel: TrustLevel | null;
  priceGuidance: readonly PricePoint[];
}

/** A Cargo an owner can price: it has a slug. */
export type KnownCargo = CatalogCargo & { slug: string };

/** A slug from the coordinator (recommended, dispatched, priced) with what the catalog knows of it. */
export type CargoListing =
  | { kind: 'known'; slug: string; cargo: KnownCargo }
  | { kind: 'unknown'; slug: string };

/** Approximate consumer cost per request for a kind of work (DOCS credits page). */
export interface RequestCostRange {
  what: string;
  minCredits: number;
  maxCredits: number;
  source: string;
}

export interface RuntimeTypeInfo {
  runtimeType: RuntimeType;
  execution: string;
  platforms: string;
  islandNeeds: string;
  /** Counts published by the docs and by the registry page's filter (HEAD). */
  countDocs: number;
  countSite: number;
}
