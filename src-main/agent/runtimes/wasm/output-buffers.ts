// Each job's stdout ring and stderr buffer are SharedArrayBuffers (shared-output.ts). V8 does not
// count their memory as pressure on its heap, so buffers of finished jobs were freed only by the
// next full collection: a burst of 400 WASM jobs left ~125 MiB of them behind (tests/integration/
// fault-burst.test.ts). They are reused instead: at most one set per job running at once, each
// handed out again only after the worker that wrote into it is gone.
import { createStderrBuffer, createStdoutRing, HEADER_BYTES } from './shared-output';

export interface OutputBuffers {
  stdoutRing: SharedArrayBuffer;
  stderrBuffer: SharedArrayBuffer;
}

export class OutputBufferPool {
  private readonly free: OutputBuffers[] = [];

  constructor(
    private readonly ringBytes: number,
    private readonly stderrBytes: number,
    /** Sets kept for reuse; more are garbage once returned (a burst beyond the usual concurrency). */
    private readonly maxKept = 16,
  ) {}

  take(): OutputBuffers {
    const reused = this.free.pop();
    if (!reused) return { stdoutRing: createStdoutRing(this.ringBytes), stderrBuffer: createStderrBuffer(this.stderrBytes) };
    // Only the headers say what is there: the reader never looks past the counts they hold.
    new Int32Array(reused.stdoutRing, 0, HEADER_BYTES / 4).fill(0);
    new Int32Array(reused.stderrBuffer, 0, HEADER_BYTES / 4).fill(0);
    return reused;
  }

  /** Only once nothing can write into `buffers` any more (its worker has terminated). */
  give(buffers: OutputBuffers): void {
    if (this.free.length < this.maxKept) this.free.push(buffers);
  }
}
