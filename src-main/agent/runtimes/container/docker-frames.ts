// Docker's multiplexed attach stream (no TTY): frames of an 8-byte header (stream 1 = stdout,
// 2 = stderr; bytes 4–7 the payload length, big-endian) and the payload. Payload bytes are passed on
// as soon as they arrive, even mid-frame, so a token is never held back waiting for its frame's end.

export type FrameSink = (bytes: Uint8Array) => void;

const HEADER = 8;

export class DockerFrameDemuxer {
  private header = new Uint8Array(HEADER);
  private headerFill = 0;
  private remaining = 0;
  private target: FrameSink | null = null;

  constructor(
    private readonly stdout: FrameSink,
    private readonly stderr: FrameSink,
  ) {}

  push(chunk: Uint8Array): void {
    let at = 0;
    while (at < chunk.length) {
      if (this.remaining === 0) {
        const take = Math.min(HEADER - this.headerFill, chunk.length - at);
        this.header.set(chunk.subarray(at, at + take), this.headerFill);
        this.headerFill += take;
        at += take;
        if (this.headerFill < HEADER) return;
        this.headerFill = 0;
        const h = this.header;
        this.remaining = ((h[4]! << 24) >>> 0) + (h[5]! << 16) + (h[6]! << 8) + h[7]!;
        // Stream 0 (stdin echo) and unknown streams are read past, not delivered.
        this.target = h[0] === 1 ? this.stdout : h[0] === 2 ? this.stderr : null;
        continue;
      }
      const take = Math.min(this.remaining, chunk.length - at);
      this.target?.(chunk.subarray(at, at + take));
      this.remaining -= take;
      at += take;
    }
  }
}
