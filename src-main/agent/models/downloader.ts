// One model file from its URL into `<dest>.tmp`, hashed while it streams: resumed with Range and
// If-Range after a dropped connection (in this run: the hash state is kept in memory; after a
// restart: the partial file is re-hashed once), retried with backoff while attempts make progress,
// and paused when the scheduler says a job needs the network (a preload gives way). What it
// returns is the SHA-256 and size of a complete `<dest>.tmp`; verifying and renaming are the
// caller's. On a final failure the partial is kept only when it can be resumed later.
import path from 'node:path';
import type { Hash } from 'node:crypto';
import { createHash } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';
import { Backoff, type BackoffOptions } from '../../../src-shared/domain/backoff';
import { parseContentRange, resumeValidator } from '../../../src-shared/domain/models/content-range';
import { errorMessage } from '../../../src-shared/errors';
import type { Logger } from '../log/logger';
import { FileWriter } from './file-writer';
import { httpGet, NetworkError, type HttpAnswer } from './http-get';
import type { ModelFs } from './model-fs';
import { ModelFetchError } from './model-store';
import { hashFilePrefix, partPath, readResumeMeta, removePartial, writeResumeMeta } from './partial-file';
import { formatSize } from './sizes';

export type DownloadPhase = 'waiting' | 'running' | 'paused' | 'retrying';

/** How a preload waits for its turn and learns it must give way (download-gate.ts). */
export interface DownloadTurns {
  /** Resolves when the download may use the network, with a signal that fires when it must pause. */
  take(signal: AbortSignal): Promise<AbortSignal | null>;
  /** The attempt that took the turn is over (finished, failed or paused). */
  give(): void;
}

export interface DownloadOptions {
  url: URL;
  /** The model's name for messages (its file name). */
  name: string;
  dest: string;
  fs: ModelFs;
  log: Logger;
  userAgent: string;
  authorization(url: URL): string | undefined;
  /** Stops the download for good: nobody waits for it any more, or the cache is closing. */
  signal: AbortSignal;
  turns?: DownloadTurns;
  /** Start over instead of resuming a partial file. */
  fresh?: boolean;
  /** Called before the body is written, with the file's full size when the server says it: reserves cache space or throws. */
  reserve(totalBytes: number | null, receivedBytes: number): Promise<void>;
  /** A body without a length is cut off here. */
  maxBytes: number;
  onProgress(receivedBytes: number, totalBytes: number | null): void;
  onPhase(phase: DownloadPhase): void;
  /** Consecutive failed attempts (without progress) before giving up. */
  retries: number;
  backoff: BackoffOptions;
  idleTimeoutMs: number;
}

export interface DownloadResult {
  sha256Hex: string;
  sizeBytes: number;
  /** Some bytes came from an earlier attempt or run (Range): a hash mismatch may be the join's fault. */
  resumed: boolean;
  /** HTTP requests made (redirect hops not counted). */
  requests: number;
}

interface State {
  received: number;
  total: number | null;
  validator: string | null;
  hash: Hash;
  resumed: boolean;
  requests: number;
  /** The server showed it cannot resume (Accept-Ranges: none, or a full answer to a Range request). */
  noResume: boolean;
}

/** A write to the partial file failed: the disk, not the network. */
class DiskWriteError extends Error {
  override name = 'DiskWriteError';
}

export async function downloadModel(opts: DownloadOptions): Promise<DownloadResult> {
  const state = await openState(opts);
  const backoff = new Backoff(opts.backoff);
  let failures = 0;
  const cancelled = () => fail(opts, state, new ModelFetchError('aborted', `download of ${opts.name} was cancelled`));
  for (;;) {
    if (opts.signal.aborted) throw await cancelled();
    let pause: AbortSignal | null = null;
    if (opts.turns) {
      opts.onPhase('waiting');
      pause = await opts.turns.take(opts.signal).catch(() => null);
      if (opts.signal.aborted) throw await cancelled();
    }
    const before = state.received;
    try {
      opts.onPhase('running');
      await attempt(opts, state, pause ? AbortSignal.any([opts.signal, pause]) : opts.signal);
      return { sha256Hex: state.hash.digest('hex'), sizeBytes: state.received, resumed: state.resumed, requests: state.requests };
    } catch (err) {
      if (opts.signal.aborted) throw await cancelled();
      if (pause?.aborted) {
        opts.log.info('preload paused: a job needs the network', { model: opts.name, received: state.received });
        opts.onPhase('paused');
        continue;
      }
      if (!(err instanceof NetworkError)) throw await fail(opts, state, toFetchError(err, opts));
      if (state.received > before) {
        failures = 0;
        backoff.reset();
      }
      failures += 1;
      if (failures > opts.retries) {
        throw await fail(opts, state, new ModelFetchError('network', `download of ${opts.name} failed after ${failures} attempts: ${err.message}`));
      }
      const retryMs = backoff.next();
      opts.log.warn('model download interrupted; retrying', { model: opts.name, error: err.message, received: state.received, retryInMs: retryMs, attempt: failures });
      opts.onPhase('retrying');
      await delay(retryMs, undefined, { signal: opts.signal }).catch(() => undefined);
    } finally {
      if (pause) opts.turns!.give();
    }
  }
}

/** Fresh state, or the state of a partial file an earlier run left with what is needed to resume it. */
async function openState(opts: DownloadOptions): Promise<State> {
  const fresh: State = { received: 0, total: null, validator: null, hash: createHash('sha256'), resumed: false, requests: 0, noResume: false };
  try {
    await opts.fs.mkdir(path.dirname(opts.dest), { recursive: true });
    const meta = opts.fresh ? null : await readResumeMeta(opts.fs, opts.dest);
    if (meta && meta.url === opts.url.href) {
      const size = (await opts.fs.stat(partPath(opts.dest)).catch(() => null))?.size ?? 0;
      if (size > 0 && (meta.totalBytes === null || size <= meta.totalBytes)) {
        const { hash } = await hashFilePrefix(opts.fs, partPath(opts.dest), size, opts.signal);
        opts.log.info('resuming a partial model download', { model: opts.name, received: size, total: meta.totalBytes });
        return { ...fresh, received: size, total: meta.totalBytes, validator: meta.validator, hash };
      }
    }
    await removePartial(opts.fs, opts.dest);
    return fresh;
  } catch (err) {
    if (opts.signal.aborted) throw new ModelFetchError('aborted', `download of ${opts.name} was cancelled`);
    throw new ModelFetchError('disk', `cannot prepare the model cache for ${opts.name}: ${errorMessage(err)}`);
  }
}

function restart(state: State): void {
  state.received = 0;
  state.total = null;
  state.validator = null;
  state.hash = createHash('sha256');
  state.resumed = false;
}

async function attempt(opts: DownloadOptions, state: State, signal: AbortSignal): Promise<void> {
  const headers: Record<string, string> = { 'user-agent': opts.userAgent, 'accept-encoding': 'identity' };
  // Without a validator the server cannot promise the bytes before the cut are the same file.
  if (state.received > 0 && (state.validator === null || state.noResume)) restart(state);
  const ranged = state.received > 0;
  if (ranged) {
    headers.range = `bytes=${state.received}-`;
    headers['if-range'] = state.validator!;
  }
  state.requests += 1;
  const answer = await httpGet(opts.url, { headers, authorization: opts.authorization, signal, idleTimeoutMs: opts.idleTimeoutMs });
  try {
    acceptStatus(opts, state, answer, ranged);
    await opts.reserve(state.total, state.received);
    if (state.validator !== null) {
      const meta = { url: opts.url.href, validator: state.validator, totalBytes: state.total };
      await writeResumeMeta(opts.fs, opts.dest, meta).catch((err: unknown) => Promise.reject(new DiskWriteError(errorMessage(err), { cause: err })));
    }
    await streamBody(opts, state, answer);
  } finally {
    if (!answer.body.complete) answer.body.destroy();
  }
  if (state.total !== null && state.received < state.total) {
    throw new NetworkError(`connection closed after ${formatSize(state.received)} of ${formatSize(state.total)}`);
  }
}

/** Decides from the status what the body is: the rest of the file, all of it (start over), or an error. */
function acceptStatus(opts: DownloadOptions, state: State, answer: HttpAnswer, ranged: boolean): void {
  const { status, headers } = answer;
  if (status === 206 && ranged) {
    const range = parseContentRange(headers['content-range']);
    if (!range || range.first !== state.received) {
      restart(state);
      throw new NetworkError(`server resumed at the wrong offset (${headers['content-range'] ?? 'no Content-Range'})`);
    }
    state.total = range.total ?? state.total;
    state.resumed = true;
    return;
  }
  if (status === 200) {
    if (ranged || headers['accept-ranges'] === 'none') state.noResume = true;
    if (state.received > 0) {
      opts.log.info('server sent the whole file again (changed, or no range support); starting over', { model: opts.name, hadBytes: state.received });
      restart(state);
    }
    const length = Number(headers['content-length']);
    state.total = Number.isSafeInteger(length) && length >= 0 ? length : null;
    state.validator = resumeValidator(headers.etag, headers['last-modified']);
    return;
  }
  if (status === 416 && ranged) {
    restart(state);
    throw new NetworkError('server refused the resume range (HTTP 416); starting over');
  }
  const where = `${opts.url.origin}${opts.url.pathname}`;
  if (status === 404 || status === 410) throw new ModelFetchError('not-found', `model ${opts.name} not found at ${where} (HTTP ${status})`);
  if (status === 401 || status === 403) {
    throw new ModelFetchError('not-found', `model ${opts.name} at ${where} refused access (HTTP ${status}); a gated Hugging Face model needs [model_cache] hf_token or HF_TOKEN`);
  }
  if (status === 408 || status === 425 || status === 429 || status >= 500) throw new NetworkError(`HTTP ${status} from ${opts.url.host}`);
  throw new ModelFetchError('network', `unexpected HTTP ${status} for model ${opts.name} from ${where}`);
}

async function streamBody(opts: DownloadOptions, state: State, answer: HttpAnswer): Promise<void> {
  let handle;
  try {
    handle = await opts.fs.open(partPath(opts.dest), state.received > 0 ? 'r+' : 'w');
  } catch (err) {
    throw new DiskWriteError(errorMessage(err), { cause: err });
  }
  const writer = new FileWriter(handle, state.received);
  try {
    for await (const chunk of answer.body as AsyncIterable<Buffer>) {
      const next = state.received + chunk.length;
      if (state.total !== null && next > state.total) throw new NetworkError(`server sent more than the ${formatSize(state.total)} it announced`);
      if (next > opts.maxBytes) {
        throw new ModelFetchError('too-large', `model ${opts.name} is larger than the whole model cache (${formatSize(opts.maxBytes)}, [model_cache] max_cache_gb)`);
      }
      let wait: Promise<void> | null;
      try {
        wait = writer.write(chunk);
      } catch (err) {
        throw new DiskWriteError(errorMessage(err), { cause: err });
      }
      // Hashed as it is queued: every queued byte reaches the file (flushed below even when the
      // connection drops), so the hash and the file always cover the same bytes.
      state.hash.update(chunk);
      state.received = next;
      opts.onProgress(state.received, state.total);
      if (wait) await wait.catch((err: unknown) => Promise.reject(new DiskWriteError(errorMessage(err), { cause: err })));
    }
    await flushOrDiskError(writer);
  } catch (err) {
    if (!(err instanceof DiskWriteError)) await flushOrDiskError(writer);
    throw err instanceof DiskWriteError || err instanceof ModelFetchError || err instanceof NetworkError ? err : new NetworkError(describeStreamError(err, opts.url));
  } finally {
    await handle.close().catch(() => undefined);
  }
}

async function flushOrDiskError(writer: FileWriter): Promise<void> {
  try {
    await writer.flush();
  } catch (err) {
    throw new DiskWriteError(errorMessage(err), { cause: err });
  }
}

function describeStreamError(err: unknown, url: URL): string {
  const msg = errorMessage(err);
  return msg === 'aborted' ? `connection to ${url.host} closed mid-body` : `${url.host}: ${msg}`;
}

function toFetchError(err: unknown, opts: DownloadOptions): ModelFetchError {
  if (err instanceof ModelFetchError) return err;
  if (err instanceof DiskWriteError) {
    const cause = err.cause as NodeJS.ErrnoException | undefined;
    const what = cause?.code === 'ENOSPC' ? 'no space left on the disk' : err.message;
    return new ModelFetchError('disk', `cannot write model ${opts.name} to the cache (${what}); the partial file was removed`);
  }
  return new ModelFetchError('network', `download of ${opts.name} failed: ${errorMessage(err)}`);
}

/** Cleans up after a final failure and hands the error back. A partial that can resume is kept. */
async function fail(opts: DownloadOptions, state: State, err: ModelFetchError): Promise<ModelFetchError> {
  const resumable = (err.kind === 'network' || err.kind === 'aborted') && state.validator !== null && state.received > 0 && !state.noResume;
  if (!resumable) await removePartial(opts.fs, opts.dest).catch((e: unknown) => opts.log.warn('could not remove a partial model file', { file: partPath(opts.dest), error: errorMessage(e) }));
  return err;
}
