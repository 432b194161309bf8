// One module download: streamed to a temporary file next to its cache entry while its SHA-256 is
// computed, with a size limit and a timeout, then renamed into place in one step so that a
// reader never sees half a module. The bytes are kept too: the caller compiles them at once.
import { createHash, randomUUID } from 'node:crypto';
import { mkdir, open, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { formatBytes, formatSeconds } from './format';

export interface DownloadOptions {
  maxBytes: number;
  timeoutMs: number;
  /** Cancels the download (the runtime closing). */
  signal?: AbortSignal;
  /** Decides, once the hash is known, whether the file may enter the cache. */
  keep(sha256: string): boolean;
  onProgress?(receivedBytes: number, totalBytes: number | undefined): void;
}

export interface Downloaded {
  bytes: Uint8Array;
  sha256: string;
  /** Whether the file was committed to the cache. */
  kept: boolean;
}

const PROGRESS_EVERY_BYTES = 256 * 1024;

export async function downloadModule(url: URL, dest: string, opts: DownloadOptions): Promise<Downloaded> {
  const timeout = AbortSignal.timeout(opts.timeoutMs);
  const signal = opts.signal ? AbortSignal.any([opts.signal, timeout]) : timeout;
  const temp = `${dest}.${randomUUID()}.part`;
  try {
    const res = await fetch(url, { signal, redirect: 'follow' });
    if (!res.ok) throw new Error(`HTTP ${res.status}${res.statusText ? ` ${res.statusText}` : ''}`);
    if (!res.body) throw new Error('empty response');
    const length = Number(res.headers.get('content-length') ?? NaN);
    const total = Number.isFinite(length) ? length : undefined;
    if (total !== undefined && total > opts.maxBytes) throw tooLarge(opts.maxBytes, `Content-Length ${total}`);

    await mkdir(path.dirname(dest), { recursive: true });
    const file = await open(temp, 'w');
    const hash = createHash('sha256');
    const chunks: Uint8Array[] = [];
    let received = 0;
    let reported = 0;
    try {
      for await (const chunk of res.body) {
        received += chunk.length;
        if (received > opts.maxBytes) throw tooLarge(opts.maxBytes, `${received} bytes received`);
        hash.update(chunk);
        chunks.push(chunk);
        await file.write(chunk);
        if (received - reported >= PROGRESS_EVERY_BYTES) {
          reported = received;
          opts.onProgress?.(received, total);
        }
      }
    } finally {
      await file.close();
    }
    const sha256 = hash.digest('hex');
    const kept = opts.keep(sha256);
    if (kept) await rename(temp, dest);
    else await rm(temp, { force: true });
    return { bytes: Buffer.concat(chunks, received), sha256, kept };
  } catch (err) {
    await rm(temp, { force: true }).catch(() => undefined);
    throw describe(err, timeout, opts.timeoutMs);
  }
}

function tooLarge(max: number, detail: string): Error {
  return new Error(`module is larger than the ${formatBytes(max)} limit (${detail})`);
}

/** fetch's errors say "fetch failed"; the cause ("connect ECONNREFUSED …") is what helps. */
function describe(err: unknown, timeout: AbortSignal, timeoutMs: number): Error {
  if (timeout.aborted) return new Error(`timed out after ${formatSeconds(timeoutMs)}`);
  if (err instanceof Error) {
    const cause = err.cause instanceof Error ? err.cause.message : null;
    return new Error(cause && err.message === 'fetch failed' ? cause : err.message, { cause: err });
  }
  return new Error(String(err));
}
