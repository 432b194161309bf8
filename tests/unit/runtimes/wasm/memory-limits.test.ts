// The memory cap written into the module binary: checked by reading the result back with wabt
// and by running it in V8, whose memory.grow must stop at the cap.
import wabtInit from 'wabt';
import { describe, expect, it } from 'vitest';
import { capModuleMemory } from '../../../../src-main/agent/runtimes/wasm/memory-limits';
import { wasmApi } from '../../../../src-main/agent/runtimes/wasm/wasm-api';
import { readSections, WasmModuleError } from '../../../../src-main/agent/runtimes/wasm/wasm-binary';
import { compileWat } from '../../../fixtures/wasm/wat';

const CAP = 4; // pages: 256 KiB

async function toText(bytes: Uint8Array): Promise<string> {
  const mod = (await wabtInit()).readWasm(bytes, { readDebugNames: false, memory64: true, threads: true });
  try {
    return mod.toText({});
  } finally {
    mod.destroy();
  }
}

/** memory.grow(1) until it fails; returns the size reached. */
const GROWER = '(func (export "grow") (result i32) (block $r (loop $m (br_if $r (i32.eq (memory.grow (i32.const 1)) (i32.const -1))) (br $m))) (memory.size))';

const header = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00];

describe('capModuleMemory', () => {
  it('gives a memory with no maximum the cap as its maximum, so memory.grow fails there', async () => {
    const bytes = await compileWat('m', `(module (memory (export "memory") 1) ${GROWER})`);
    const capped = capModuleMemory(bytes, CAP);
    expect(capped).toMatchObject({ memoryImport: null, maxPages: CAP });
    expect(await toText(capped.bytes)).toContain('(memory (;0;) 1 4)');
    const instance = new wasmApi.Instance(await wasmApi.compile(capped.bytes), {});
    expect((instance.exports.grow as () => number)()).toBe(CAP);
  });

  it('lowers a larger declared maximum (a 3-byte LEB becomes 1 byte) and keeps a smaller one', async () => {
    const big = capModuleMemory(await compileWat('m', `(module (memory 1 65536))`), CAP);
    expect(await toText(big.bytes)).toContain('(memory (;0;) 1 4)');
    const small = capModuleMemory(await compileWat('m', `(module (memory 1 2))`), CAP);
    expect(small.maxPages).toBe(2);
    expect(await toText(small.bytes)).toContain('(memory (;0;) 1 2)');
  });

  it('refuses a module whose initial memory is over the cap', async () => {
    const bytes = await compileWat('m', '(module (memory 5))');
    expect(() => capModuleMemory(bytes, CAP)).toThrow(new WasmModuleError("WASM module needs 320 KiB of memory at start, over this Island's 256 KiB limit"));
  });

  it('finds an imported memory behind other imports and caps it: the worker supplies it with that maximum', async () => {
    const bytes = await compileWat(
      'm',
      `(module (import "env" "t" (table 1 funcref)) (import "env" "g" (global i32)) (import "env" "f" (func))
        (import "env" "memory" (memory 2)) (func (export "_start")))`,
    );
    const capped = capModuleMemory(bytes, CAP);
    expect(capped.memoryImport).toEqual({ module: 'env', name: 'memory', initial: 2, maximum: CAP, shared: false });
    expect(await toText(capped.bytes)).toContain('(import "env" "memory" (memory (;0;) 2 4))');
    const mod = await wasmApi.compile(capped.bytes);
    expect(wasmApi.Module.imports(mod).map((i) => i.name)).toEqual(['t', 'g', 'f', 'memory']);
  });

  it('keeps a shared memory shared', () => {
    const bytes = Uint8Array.from([...header, 0x05, 0x04, 0x01, 0x03, 0x01, 0x0a]);
    const capped = capModuleMemory(bytes, CAP);
    expect([...capped.bytes]).toEqual([...header, 0x05, 0x04, 0x01, 0x03, 0x01, 0x04]);
  });

  it('copies every other section through unchanged, custom sections included', async () => {
    const bytes = await compileWat('m', `(module (memory (export "memory") 1) (func $named (export "f")) (data (i32.const 0) "hi"))`, {}, true);
    const capped = capModuleMemory(bytes, CAP);
    const before = readSections(bytes).filter((s) => s.id !== 5).map((s) => Buffer.from(bytes.subarray(s.headerStart, s.contentEnd)).toString('hex'));
    const after = readSections(capped.bytes).filter((s) => s.id !== 5).map((s) => Buffer.from(capped.bytes.subarray(s.headerStart, s.contentEnd)).toString('hex'));
    expect(after).toEqual(before);
    expect(readSections(bytes).some((s) => s.id === 0)).toBe(true);
  });

  it('leaves a module without memory alone', async () => {
    const bytes = await compileWat('m', '(module (func (export "_start")))');
    expect(capModuleMemory(bytes, CAP)).toEqual({ bytes, memoryImport: null, maxPages: null });
  });

  it('refuses what it cannot cap: 64-bit memories, several memories', async () => {
    const m64 = await compileWat('m', '(module (memory i64 1))', { memory64: true });
    expect(() => capModuleMemory(m64, CAP)).toThrow('Unsupported WASM module: 64-bit memories (memory64) are not supported');
    const two = Uint8Array.from([...header, 0x05, 0x05, 0x02, 0x00, 0x01, 0x00, 0x01]);
    expect(() => capModuleMemory(two, CAP)).toThrow('Unsupported WASM module: it has more than one memory');
  });

  it('rejects what is not a module, or is cut short', () => {
    expect(() => capModuleMemory(new TextEncoder().encode('#!/bin/sh\n'), CAP)).toThrow('Invalid WASM module: not a WebAssembly binary (bad magic number)');
    expect(() => capModuleMemory(Uint8Array.from([0x00, 0x61, 0x73, 0x6d, 0x0d, 0x00, 0x01, 0x00]), CAP)).toThrow(/unsupported binary version/);
    expect(() => capModuleMemory(Uint8Array.from([...header, 0x05, 0x09, 0x01]), CAP)).toThrow('Invalid WASM module: section 5 runs past the end of the file');
    expect(() => capModuleMemory(Uint8Array.from([...header, 0x05, 0x02, 0x01, 0x01]), CAP)).toThrow(/unexpected end/);
  });
});
