// Sequential writes of a download to its partial file. Chunks from the socket (64 KiB each) are
// queued and written in batches of at least `minBatchBytes` with one `writev`, in the thread
// pool, while the event loop reads and hashes the next ones: one write per 64 KiB costs the
// kernel and the pool about three times the system time (measured for bench/model-download).
// `write` returns a promise only when the queue is over its high-water mark: the caller awaits
// it to slow the socket down; otherwise it keeps reading without an await per chunk.
import type { FileHandle } from 'node:fs/promises';

export interface FileWriterOptions {
  /** A write starts once this much is queued (default 1 MiB); flush() writes the rest. */
  minBatchBytes?: number;
  /** write() asks the caller to wait above this (default 8 MiB). */
  highWaterBytes?: number;
}

export class FileWriter {
  private queue: Uint8Array[] = [];
  private queuedBytes = 0;
  private draining: Promise<void> | null = null;
  private error: unknown = null;
  private roomWaiters: Array<() => void> = [];
  private readonly minBatch: number;
  private readonly highWater: number;

  constructor(
    private readonly handle: FileHandle,
    /** Where the next byte goes (the partial file's current length). */
    private position: number,
    opts: FileWriterOptions = {},
  ) {
    this.minBatch = opts.minBatchBytes ?? 1024 * 1024;
    this.highWater = Math.max(opts.highWaterBytes ?? 8 * 1024 * 1024, this.minBatch);
  }

  /** Bytes handed to write() so far, counting from the start of the file. */
  get end(): number {
    return this.position + this.queuedBytes;
  }

  /** Queues `chunk`; a promise (to await) when the caller should wait for room. Throws the first write error. */
  write(chunk: Uint8Array): Promise<void> | null {
    if (this.error !== null) throw this.error;
    this.queue.push(chunk);
    this.queuedBytes += chunk.length;
    if (this.queuedBytes >= this.minBatch) this.draining ??= this.drain(false);
    if (this.queuedBytes < this.highWater) return null;
    return new Promise<void>((resolve) => this.roomWaiters.push(resolve)).then(() => {
      if (this.error !== null) throw this.error;
    });
  }

  /** Resolves when every queued byte is written (in the OS's hands); rejects with the write error. */
  async flush(): Promise<void> {
    while (this.draining) await this.draining;
    if (this.queuedBytes > 0 && this.error === null) {
      this.draining = this.drain(true);
      await this.draining;
    }
    if (this.error !== null) throw this.error;
  }

  private async drain(all: boolean): Promise<void> {
    try {
      while (this.error === null && this.queuedBytes > 0 && (all || this.queuedBytes >= this.minBatch)) {
        const buffers = this.queue;
        const bytes = this.queuedBytes;
        this.queue = [];
        await this.writeAll(buffers, bytes);
        this.queuedBytes -= bytes;
        this.position += bytes;
        if (this.queuedBytes < this.highWater) this.wake();
      }
    } catch (err) {
      this.error = err;
      this.queue = [];
      this.queuedBytes = 0;
    } finally {
      this.draining = null;
      this.wake();
    }
  }

  /** writev may write less than asked (a disk filling up); the rest is retried until an error says why. */
  private async writeAll(buffers: Uint8Array[], bytes: number): Promise<void> {
    let at = this.position;
    let rest = buffers;
    let left = bytes;
    while (left > 0) {
      const { bytesWritten } = await this.handle.writev(rest, at);
      if (bytesWritten === left) return;
      if (bytesWritten === 0) throw Object.assign(new Error('write made no progress'), { code: 'EIO' });
      at += bytesWritten;
      left -= bytesWritten;
      rest = skip(rest, bytesWritten);
    }
  }

  private wake(): void {
    const waiters = this.roomWaiters;
    this.roomWaiters = [];
    for (const w of waiters) w();
  }
}

function skip(buffers: Uint8Array[], n: number): Uint8Array[] {
  const out: Uint8Array[] = [];
  let drop = n;
  for (const b of buffers) {
    if (drop >= b.length) {
      drop -= b.length;
      continue;
    }
    out.push(drop > 0 ? b.subarray(drop) : b);
    drop = 0;
  }
  return out;
}
