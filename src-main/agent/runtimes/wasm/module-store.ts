// Where a job's module bytes come from: the cache under `<home>/wasm-cache` (Rust layout) or a
// download. A cached file is re-hashed before every use when the job names a hash, and fetched
// again if it no longer matches. Jobs that want the same URL at once share one download.
import { errorMessage } from '../../../../src-shared/errors';
import { open } from 'node:fs/promises';
import type { Logger } from '../../log/logger';
import type { RuntimeEventSink } from '../runtime-events';
import { downloadModule, type Downloaded } from './download';
import { sha256Hex, wasmCacheFile } from './wasm-url';

export interface ModuleBytes {
  bytes: Uint8Array;
  sha256: string;
  from: 'cache' | 'download';
}

/** The module's bytes are not the ones the job asked for. */
export class HashMismatchError extends Error {
  override readonly name = 'HashMismatchError';
  constructor(
    readonly expected: string,
    readonly actual: string,
  ) {
    super(`hash mismatch: expected ${expected}, got ${actual}`);
  }
}

export interface ModuleStoreOptions {
  cacheDir: string;
  maxBytes: number;
  downloadTimeoutMs: number;
  events: RuntimeEventSink;
  log: Logger;
}

export class WasmModuleStore {
  private readonly inflight = new Map<string, Promise<Downloaded>>();
  private readonly closing = new AbortController();

  constructor(private readonly opts: ModuleStoreOptions) {}

  /**
   * The module at `url` (the job's `wasm_url`, already checked to be http(s)), verified against
   * `expected` (bare lower-case hex) when given. Rejects with HashMismatchError or the download's
   * error; rejects as soon as `signal` fires, leaving a shared download to the other jobs.
   */
  async obtain(rawUrl: string, url: URL, expected: string | null, signal: AbortSignal): Promise<ModuleBytes> {
    const file = wasmCacheFile(this.opts.cacheDir, rawUrl);
    const cached = await this.readCached(file);
    if (cached) {
      const sha256 = sha256Hex(cached);
      if (expected === null || sha256 === expected) return { bytes: cached, sha256, from: 'cache' };
      this.opts.log.warn('cached WASM module does not match wasm_hash; downloading it again', { file, expected, actual: sha256 });
    }
    const got = await untilAborted(this.shared(file, url, expected), signal);
    if (expected !== null && got.sha256 !== expected) throw new HashMismatchError(expected, got.sha256);
    return { bytes: got.bytes, sha256: got.sha256, from: 'download' };
  }

  close(): void {
    this.closing.abort();
  }

  private shared(file: string, url: URL, expected: string | null): Promise<Downloaded> {
    const running = this.inflight.get(file);
    if (running) return running;
    const started = this.download(file, url, expected).finally(() => this.inflight.delete(file));
    this.inflight.set(file, started);
    return started;
  }

  private async download(file: string, url: URL, expected: string | null): Promise<Downloaded> {
    const { events, log } = this.opts;
    const at = performance.now();
    events({ type: 'download', url: url.href, phase: 'started', receivedBytes: 0 });
    try {
      const got = await downloadModule(url, file, {
        maxBytes: this.opts.maxBytes,
        timeoutMs: this.opts.downloadTimeoutMs,
        signal: this.closing.signal,
        // What failed verification never enters the cache; a job with no hash gets what was served.
        keep: (sha256) => expected === null || sha256 === expected,
        onProgress: (receivedBytes, totalBytes) => events({ type: 'download', url: url.href, phase: 'progress', receivedBytes, totalBytes }),
      });
      const n = got.bytes.length;
      events({ type: 'download', url: url.href, phase: 'done', receivedBytes: n, totalBytes: n });
      log.info('downloaded WASM module', { url: url.href, bytes: n, sha256: got.sha256, cached: got.kept, ms: Math.round(performance.now() - at) });
      return got;
    } catch (err) {
      const error = errorMessage(err);
      events({ type: 'download', url: url.href, phase: 'failed', error });
      throw err;
    }
  }

  /** The cached file, or null when there is none (or it is too large to be one of ours). */
  private async readCached(file: string): Promise<Uint8Array | null> {
    let handle;
    try {
      handle = await open(file, 'r');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw err;
    }
    try {
      const { size } = await handle.stat();
      if (size > this.opts.maxBytes) return null;
      return await handle.readFile();
    } finally {
      await handle.close();
    }
  }
}

function untilAborted<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(new Error('aborted'));
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(new Error('aborted'));
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}
