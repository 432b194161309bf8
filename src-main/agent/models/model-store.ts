// What the native runtimes (GGUF, ONNX) need from the model cache: a local file for a model URI,
// downloaded and verified if it is not cached yet, held "in use" until released so that eviction
// never removes a model a job is reading. The cache (model-cache.ts) implements it; runtime unit
// tests fake it.

export type ModelPurpose = 'job' | 'preload' | 'tokenizer';

export interface ModelRequest {
  /** `hf://<repo>[:<file>]` or an http(s) URL (island-protocol.md §7.1). */
  uri: string;
  /**
   * Expected `sha256:<hex>`; null, empty or `sha256:placeholder` skips the check (§7.3). Unlike
   * the Rust Island, upper-case hex and a missing `sha256:` prefix name the same hash; a value
   * that can never be a SHA-256 is refused ('bad-uri') before anything is downloaded.
   */
  sha256?: string | null;
  /** Aborts the wait (and the download when nobody else is waiting for it). */
  signal?: AbortSignal;
  /** 'preload' downloads give way to the others (they pause while a job's download runs). */
  purpose: ModelPurpose;
}

export interface ModelLease {
  /** Absolute path of the verified file. */
  readonly path: string;
  /** Cache key (sha256 of the resolved download URL). */
  readonly key: string;
  readonly sizeBytes: number;
  /** The model may be evicted again once every lease on it is released. Idempotent. */
  release(): void;
}

export interface ModelStore {
  /** Resolves to a lease on the cached file; rejects with a ModelFetchError saying what went wrong. */
  acquire(req: ModelRequest): Promise<ModelLease>;
}

export type ModelFetchErrorKind = 'bad-uri' | 'not-found' | 'network' | 'hash-mismatch' | 'too-large' | 'disk' | 'aborted';

/** A model could not be provided; `message` is fit for a job's `failed` error and the log. */
export class ModelFetchError extends Error {
  constructor(
    readonly kind: ModelFetchErrorKind,
    message: string,
  ) {
    super(message);
    this.name = 'ModelFetchError';
  }
}
