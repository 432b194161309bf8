// The partial file's writer: everything queued while a write runs goes out in one writev, a
// short write is completed, the caller is slowed down past the high-water mark, and a write
// error reaches the caller (a full disk must fail the download, not vanish).
import type { FileHandle } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { FileWriter } from '../../../src-main/agent/models/file-writer';

interface Call {
  sizes: number[];
  position: number;
}

function fakeHandle(opts: { short?: boolean; failAt?: number } = {}) {
  const calls: Call[] = [];
  const file: number[] = [];
  let release: (() => void) | null = null;
  let hold = false;
  const handle = {
    writev: async (buffers: Uint8Array[], position: number) => {
      calls.push({ sizes: buffers.map((b) => b.length), position });
      if (hold) await new Promise<void>((r) => (release = r));
      if (opts.failAt !== undefined && position >= opts.failAt) throw Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC' });
      let bytes = buffers.flatMap((b) => [...b]);
      if (opts.short && bytes.length > 1) bytes = bytes.slice(0, Math.ceil(bytes.length / 2));
      bytes.forEach((v, i) => (file[position + i] = v));
      return { bytesWritten: bytes.length, buffers };
    },
  } as unknown as FileHandle;
  return {
    handle,
    calls,
    file,
    hold: (on: boolean) => {
      hold = on;
      if (!on) release?.();
    },
  };
}

const bytes = (n: number, v: number) => new Uint8Array(n).fill(v);

describe('FileWriter', () => {
  it('coalesces what was queued during a write into one writev, in order, at the right offsets', async () => {
    const h = fakeHandle();
    h.hold(true);
    const w = new FileWriter(h.handle, 10, { minBatchBytes: 1 });
    w.write(bytes(2, 1));
    w.write(bytes(3, 2));
    w.write(bytes(1, 3));
    h.hold(false);
    await w.flush();
    expect(h.calls).toEqual([
      { sizes: [2], position: 10 },
      { sizes: [3, 1], position: 12 },
    ]);
    expect(h.file.slice(10)).toEqual([1, 1, 2, 2, 2, 3]);
    expect(w.end).toBe(16);
  });

  it('waits for a batch of minBatchBytes before writing; flush() writes what is left', async () => {
    const h = fakeHandle();
    const w = new FileWriter(h.handle, 0, { minBatchBytes: 4 });
    w.write(bytes(2, 1));
    w.write(bytes(1, 2));
    await new Promise((r) => setImmediate(r));
    expect(h.calls).toEqual([]);
    w.write(bytes(1, 3));
    w.write(bytes(2, 4));
    await new Promise((r) => setImmediate(r));
    expect(h.calls).toEqual([{ sizes: [2, 1, 1], position: 0 }]);
    await w.flush();
    expect(h.calls).toEqual([
      { sizes: [2, 1, 1], position: 0 },
      { sizes: [2], position: 4 },
    ]);
    expect(h.file).toEqual([1, 1, 2, 3, 4, 4]);
  });

  it('finishes a short write', async () => {
    const h = fakeHandle({ short: true });
    const w = new FileWriter(h.handle, 0, { minBatchBytes: 1 });
    w.write(Uint8Array.from([1, 2, 3, 4, 5, 6, 7, 8]));
    await w.flush();
    expect(h.file).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(h.calls.map((c) => c.position)).toEqual([0, 4, 6, 7]);
  });

  it('asks the caller to wait past the high-water mark, and not before', async () => {
    const h = fakeHandle();
    h.hold(true);
    const w = new FileWriter(h.handle, 0, { minBatchBytes: 1, highWaterBytes: 100 });
    expect(w.write(bytes(60, 1))).toBeNull();
    const wait = w.write(bytes(60, 2));
    expect(wait).toBeInstanceOf(Promise);
    let done = false;
    void wait!.then(() => (done = true));
    await new Promise((r) => setImmediate(r));
    expect(done).toBe(false);
    h.hold(false);
    await wait;
    await w.flush();
    expect(h.file.length).toBe(120);
  });

  it('a write error fails flush() and every later write()', async () => {
    const h = fakeHandle({ failAt: 4 });
    const w = new FileWriter(h.handle, 0, { minBatchBytes: 1 });
    w.write(bytes(4, 1));
    await w.flush();
    w.write(bytes(4, 2));
    await expect(w.flush()).rejects.toMatchObject({ code: 'ENOSPC' });
    expect(() => w.write(bytes(1, 3))).toThrow('ENOSPC');
  });
});
