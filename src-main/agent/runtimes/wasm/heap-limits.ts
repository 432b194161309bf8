// What a module could put on its worker's JavaScript heap instead of its linear memory, capped
// before it runs. V8 keeps a table's entries on that heap, and one allocation past the heap
// limit is no catchable error: it aborts the whole process (twenty tables of 10 M entries, or a
// table grown to 10 M, ended the Island with "Reached heap limit"). So the tables' maxima are
// rewritten to share a budget, as memory-limits.ts does for memory. GC types (struct, array) are
// refused: a WasmGC array is not held by the heap limit at all (an 800 MB array.new_default
// succeeded in a worker limited to 128 MB).
import { applyPatches, encodeU32, readSections, SECTION_TABLE, SECTION_TYPE, skipValType, WasmModuleError, WasmReader, type Patch } from './wasm-binary';

/** Table entries a module may have in all: each costs V8 some 30 bytes of heap with its dispatch entry. */
export const MAX_TABLE_ELEMENTS = 1_000_000;

const FUNC_TYPE = 0x60;
const TABLE_WITH_INITIALIZER = 0x40;
const FLAG_HAS_MAX = 0x01;

interface TableLimits {
  start: number;
  end: number;
  initial: number;
  maximum: number | null;
}

/** The module with its tables capped (the input itself when it has none); refuses GC types and oversized tables. */
export function capModuleHeap(bytes: Uint8Array, maxTableElements = MAX_TABLE_ELEMENTS): Uint8Array {
  const patches = new Map<number, Patch[]>();
  for (const [index, section] of readSections(bytes).entries()) {
    if (section.id === SECTION_TYPE) refuseGcTypes(new WasmReader(bytes, section.contentStart, section.contentEnd));
    if (section.id === SECTION_TABLE) patches.set(index, capTables(new WasmReader(bytes, section.contentStart, section.contentEnd), maxTableElements));
  }
  return patches.size > 0 ? applyPatches(bytes, patches) : bytes;
}

function refuseGcTypes(r: WasmReader): void {
  const count = r.u32();
  for (let i = 0; i < count; i++) {
    if (r.u8() !== FUNC_TYPE) throw new WasmModuleError('Unsupported WASM module: GC types (struct, array, sub and recursive types) are not supported');
    for (let list = 0; list < 2; list++) {
      const n = r.u32();
      for (let j = 0; j < n; j++) skipValType(r);
    }
  }
}

/** Each table may grow by an equal share of what the budget has left after every table's initial size. */
function capTables(r: WasmReader, budget: number): Patch[] {
  const count = r.u32();
  const tables: TableLimits[] = [];
  for (let i = 0; i < count; i++) tables.push(readTable(r));
  const initial = tables.reduce((n, t) => n + t.initial, 0);
  if (initial > budget) {
    throw new WasmModuleError(`WASM module's tables start with ${initial} entries, over this Island's limit of ${budget}`);
  }
  const share = Math.floor((budget - initial) / Math.max(1, count));
  return tables.map((t) => {
    const maximum = Math.min(t.maximum ?? Infinity, t.initial + share);
    return { start: t.start, end: t.end, bytes: [FLAG_HAS_MAX, ...encodeU32(t.initial), ...encodeU32(maximum)] };
  });
}

function readTable(r: WasmReader): TableLimits {
  if (r.peek() === TABLE_WITH_INITIALIZER) throw new WasmModuleError('Unsupported WASM module: tables with an initializer expression are not supported');
  skipValType(r);
  const start = r.pos;
  const flags = r.u8();
  if (flags > FLAG_HAS_MAX) throw new WasmModuleError(`Unsupported WASM module: table limits flags 0x${flags.toString(16)} (64-bit or shared tables)`);
  const initial = r.u32();
  const maximum = flags & FLAG_HAS_MAX ? r.u32() : null;
  return { start, end: r.pos, initial, maximum };
}
