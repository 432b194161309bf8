// What a module could put on its worker's JavaScript heap: table maxima rewritten into the
// module so that V8's table.grow stops at the budget, oversized tables and GC types refused.
import wabtInit from 'wabt';
import { describe, expect, it } from 'vitest';
import { capModuleHeap, MAX_TABLE_ELEMENTS } from '../../../../src-main/agent/runtimes/wasm/heap-limits';
import { wasmApi } from '../../../../src-main/agent/runtimes/wasm/wasm-api';
import { WasmModuleError } from '../../../../src-main/agent/runtimes/wasm/wasm-binary';
import { buildHostileCargo } from '../../../fixtures/wasm/hostile-cargos';
import { compileWat } from '../../../fixtures/wasm/wat';

const BUDGET = 1000;

async function toText(bytes: Uint8Array): Promise<string> {
  const mod = (await wabtInit()).readWasm(bytes, { readDebugNames: false, reference_types: true });
  try {
    return mod.toText({});
  } finally {
    mod.destroy();
  }
}

/** table.grow by one until refused, for each table; returns the sizes reached. */
async function grownSizes(bytes: Uint8Array, tables: number): Promise<number[]> {
  const exports = Array.from({ length: tables }, (_, t) =>
    `(func (export "grow${t}") (result i32) (block $r (loop $m (br_if $r (i32.eq (table.grow ${t} (ref.null func) (i32.const 1)) (i32.const -1))) (br $m))) (table.size ${t}))`,
  ).join(' ');
  const withGrowers = await compileWat('g', (await toText(bytes)).replace(/\)\s*$/, ` ${exports})`), { reference_types: true });
  const instance = new wasmApi.Instance(await wasmApi.compile(withGrowers), {});
  return Array.from({ length: tables }, (_, t) => (instance.exports[`grow${t}`] as () => number)());
}

describe('capModuleHeap', () => {
  it('gives a table with no maximum the budget as its maximum, so table.grow fails there', async () => {
    const capped = capModuleHeap(await compileWat('m', '(module (table 10 funcref))'), BUDGET);
    expect(await toText(capped)).toContain(`(table (;0;) 10 ${BUDGET} funcref)`);
    expect(await grownSizes(capped, 1)).toEqual([BUDGET]);
  });

  it('shares what the budget leaves after the initial sizes between several tables, and keeps a smaller declared maximum', async () => {
    const capped = capModuleHeap(await compileWat('m', '(module (table 100 funcref) (table 300 externref) (table 5 7 funcref))', { reference_types: true }), BUDGET);
    // 1000 - (100 + 300 + 5) = 595 left: 198 each.
    const text = await toText(capped);
    expect(text).toContain('(table (;0;) 100 298 funcref)');
    expect(text).toContain('(table (;1;) 300 498 externref)');
    expect(text).toContain('(table (;2;) 5 7 funcref)');
  });

  it('refuses tables that start over the budget, naming both numbers', async () => {
    const bytes = await compileWat('m', '(module (table 600 funcref) (table 600 funcref))', { reference_types: true });
    expect(() => capModuleHeap(bytes, BUDGET)).toThrow(new WasmModuleError("WASM module's tables start with 1200 entries, over this Island's limit of 1000"));
  });

  it('leaves a module without tables as it is, and keeps the default budget at a million entries', async () => {
    const bytes = await compileWat('m', '(module (memory 1) (func (export "_start")))');
    expect(capModuleHeap(bytes)).toBe(bytes);
    expect(MAX_TABLE_ELEMENTS).toBe(1_000_000);
  });

  it('refuses GC types (an array the worker heap limit does not hold) and tables it cannot cap', async () => {
    const gc = await buildHostileCargo('gcArrayBomb');
    expect(() => capModuleHeap(gc)).toThrow(
      'Unsupported WASM module: GC types (struct, array, sub and recursive types) are not supported',
    );
    const header = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00];
    // (table 1 funcref (ref.null func)): the function-references form with an initializer.
    const withInit = Uint8Array.from([...header, 0x04, 0x08, 0x01, 0x40, 0x00, 0x70, 0x00, 0x01, 0xd0, 0x70]);
    expect(() => capModuleHeap(withInit)).toThrow('Unsupported WASM module: tables with an initializer expression are not supported');
    // Limits flags 0x04: a 64-bit table.
    const table64 = Uint8Array.from([...header, 0x04, 0x04, 0x01, 0x70, 0x04, 0x01]);
    expect(() => capModuleHeap(table64)).toThrow('Unsupported WASM module: table limits flags 0x4 (64-bit or shared tables)');
  });
});
