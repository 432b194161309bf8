// Docker's multiplexed attach stream, cut at every possible place.
import { describe, expect, it } from 'vitest';
import { DockerFrameDemuxer } from '../../../../src-main/agent/runtimes/container/docker-frames';

function frame(stream: number, payload: string | Uint8Array): Buffer {
  const body = typeof payload === 'string' ? Buffer.from(payload) : Buffer.from(payload);
  const header = Buffer.alloc(8);
  header[0] = stream;
  header.writeUInt32BE(body.length, 4);
  return Buffer.concat([header, body]);
}

function collect() {
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  const demux = new DockerFrameDemuxer(
    (b) => out.push(Buffer.from(b)),
    (b) => err.push(Buffer.from(b)),
  );
  return { demux, out: () => Buffer.concat(out).toString(), err: () => Buffer.concat(err).toString(), outChunks: out };
}

describe('DockerFrameDemuxer', () => {
  it('routes stdout and stderr frames, and skips stdin and unknown streams', () => {
    const c = collect();
    c.demux.push(Buffer.concat([frame(1, 'out1\n'), frame(2, 'err\n'), frame(0, 'echo'), frame(7, 'odd'), frame(1, 'out2\n')]));
    expect(c.out()).toBe('out1\nout2\n');
    expect(c.err()).toBe('err\n');
  });

  it('gives the same bytes whatever the chunking, even one byte at a time', () => {
    const all = Buffer.concat([frame(1, '{"type":"token","content":"世界"}\n'), frame(2, 'warn'), frame(1, Buffer.alloc(0)), frame(1, 'end')]);
    for (let cut = 1; cut <= all.length; cut += 1) {
      const c = collect();
      for (let i = 0; i < all.length; i += cut) c.demux.push(all.subarray(i, i + cut));
      expect(c.out()).toBe('{"type":"token","content":"世界"}\nend');
      expect(c.err()).toBe('warn');
    }
  });

  it('passes payload bytes on as they arrive, before the frame is complete', () => {
    const c = collect();
    const f = frame(1, 'Hello, world');
    c.demux.push(f.subarray(0, 13));
    expect(c.out()).toBe('Hello');
    c.demux.push(f.subarray(13));
    expect(c.out()).toBe('Hello, world');
  });

  it('reads frame lengths above 2^31 as unsigned', () => {
    const c = collect();
    const header = Buffer.from([1, 0, 0, 0, 0x80, 0, 0, 2]);
    c.demux.push(Buffer.concat([header, Buffer.from('ok')]));
    expect(c.out()).toBe('ok');
  });
});
