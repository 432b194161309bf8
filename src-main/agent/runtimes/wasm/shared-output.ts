// A job's stdout and stderr travel through shared memory rather than one message per WASI write:
// a module writing a byte at a time would otherwise post millions of messages and stall the
// Island's event loop for seconds (measured: 2 M one-byte writes kept it busy for 25 s).
//
// stdout is a ring: the worker appends and posts a wake-up only when the reader has caught up
// since the last one, so the reader handles at most a ring's worth per message; a full ring
// makes the worker wait (backpressure). stderr is only logged, so it is a fixed buffer the
// runtime reads once the job is over, even after the worker was terminated.
//
// Layout, shared with wasm-worker.ts (which cannot import it): a header of four int32, then data.
//   stdout: [0] bytes written, [1] bytes read, [2] wake-up pending (0/1).
//   stderr: [0] bytes kept, [1] bytes dropped.
export const HEADER_BYTES = 16;
const WRITTEN = 0;
const READ = 1;
const WAKE_PENDING = 2;

export function createStdoutRing(capacity: number): SharedArrayBuffer {
  return new SharedArrayBuffer(HEADER_BYTES + capacity);
}

export class StdoutRingReader {
  private readonly ctrl: Int32Array;
  private readonly data: Uint8Array;

  constructor(ring: SharedArrayBuffer) {
    this.ctrl = new Int32Array(ring, 0, HEADER_BYTES / 4);
    this.data = new Uint8Array(ring, HEADER_BYTES);
  }

  /** Hands every byte written so far to `onBytes` (as copies) and frees their room in the ring. */
  drain(onBytes: (bytes: Uint8Array) => void): void {
    // Cleared before reading, so a write that lands after this read posts a new wake-up.
    Atomics.store(this.ctrl, WAKE_PENDING, 0);
    const written = Atomics.load(this.ctrl, WRITTEN);
    let read = Atomics.load(this.ctrl, READ);
    const size = this.data.length;
    while (read < written) {
      const start = read % size;
      const n = Math.min(written - read, size - start);
      onBytes(this.data.slice(start, start + n));
      read += n;
    }
    Atomics.store(this.ctrl, READ, read);
    Atomics.notify(this.ctrl, READ);
  }
}

export function createStderrBuffer(maxBytes: number): SharedArrayBuffer {
  return new SharedArrayBuffer(HEADER_BYTES + maxBytes);
}

/** What the module wrote to stderr: the first bytes, and how many more were dropped. */
export function readStderr(buffer: SharedArrayBuffer): { text: string; dropped: number } {
  const ctrl = new Int32Array(buffer, 0, HEADER_BYTES / 4);
  const kept = Atomics.load(ctrl, 0);
  const text = Buffer.from(new Uint8Array(buffer, HEADER_BYTES, kept)).toString('utf8');
  return { text, dropped: Atomics.load(ctrl, 1) };
}
