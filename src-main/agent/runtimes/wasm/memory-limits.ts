// Enforces the memory cap inside the module itself: the limits of its linear memory are rewritten
// so that the maximum is at most the cap. V8 then refuses any `memory.grow` past it (the
// instruction returns -1 and the module traps or copes), so a greedy module can never take the
// host's memory. The Rust Island declares a 256 MiB limit but never applies it (§6.7, §12.1).
import { formatBytes } from './format';
import { applyPatches, encodeU32, readSections, SECTION_IMPORT, SECTION_MEMORY, skipValType, WasmModuleError, WasmReader, type Patch } from './wasm-binary';

export const WASM_PAGE_BYTES = 65_536;

/** A memory the module imports (built with `--import-memory`): the worker must supply it. */
export interface MemoryImport {
  module: string;
  name: string;
  /** Pages. */
  initial: number;
  /** Pages, already capped. */
  maximum: number;
  shared: boolean;
}

export interface CappedModule {
  /** The module with its memory maximum rewritten (the input itself when nothing changed). */
  bytes: Uint8Array;
  memoryImport: MemoryImport | null;
  /** Pages the module's memory may reach, or null if it has none. */
  maxPages: number | null;
}

interface Limits {
  start: number;
  end: number;
  initial: number;
  maximum: number | null;
  shared: boolean;
}

interface FoundMemory {
  limits: Limits;
  imported?: { module: string; name: string };
}

const FLAG_HAS_MAX = 0x01;
const FLAG_SHARED = 0x02;
const FLAG_MEMORY64 = 0x04;

/** Rewrites every memory's maximum to at most `capPages`; refuses what cannot be capped. */
export function capModuleMemory(bytes: Uint8Array, capPages: number): CappedModule {
  const memories: FoundMemory[] = [];
  const patches = new Map<number, Patch[]>();
  for (const [index, section] of readSections(bytes).entries()) {
    let found: FoundMemory[] = [];
    if (section.id === SECTION_IMPORT) found = [...importedMemories(bytes, section.contentStart, section.contentEnd)];
    if (section.id === SECTION_MEMORY) found = definedMemories(bytes, section.contentStart, section.contentEnd);
    if (found.length === 0) continue;
    memories.push(...found);
    patches.set(index, found.map(({ limits }) => ({ start: limits.start, end: limits.end, bytes: capLimits(limits, capPages) })));
  }

  if (memories.length > 1) throw new WasmModuleError('Unsupported WASM module: it has more than one memory');
  const only = memories[0];
  if (!only) return { bytes, memoryImport: null, maxPages: null };
  const maximum = cappedMax(only.limits, capPages);
  const memoryImport = only.imported
    ? { ...only.imported, initial: only.limits.initial, maximum, shared: only.limits.shared }
    : null;
  return { bytes: applyPatches(bytes, patches), memoryImport, maxPages: maximum };
}

function definedMemories(bytes: Uint8Array, start: number, end: number): FoundMemory[] {
  const r = new WasmReader(bytes, start, end);
  const count = r.u32();
  const found: FoundMemory[] = [];
  for (let i = 0; i < count; i++) found.push({ limits: readLimits(r) });
  return found;
}

function readLimits(r: WasmReader): Limits {
  const start = r.pos;
  const flags = r.u8();
  if (flags & FLAG_MEMORY64) throw new WasmModuleError('Unsupported WASM module: 64-bit memories (memory64) are not supported');
  if (flags > (FLAG_HAS_MAX | FLAG_SHARED)) throw new WasmModuleError(`Invalid WASM module: unknown memory limits flags 0x${flags.toString(16)}`);
  const initial = r.u32();
  const maximum = flags & FLAG_HAS_MAX ? r.u32() : null;
  return { start, end: r.pos, initial, maximum, shared: (flags & FLAG_SHARED) !== 0 };
}

function cappedMax(limits: Limits, capPages: number): number {
  return limits.maximum === null ? capPages : Math.min(limits.maximum, capPages);
}

function capLimits(limits: Limits, capPages: number): number[] {
  if (limits.initial > capPages) {
    throw new WasmModuleError(
      `WASM module needs ${formatBytes(limits.initial * WASM_PAGE_BYTES)} of memory at start, over this Island's ${formatBytes(capPages * WASM_PAGE_BYTES)} limit`,
    );
  }
  const flags = FLAG_HAS_MAX | (limits.shared ? FLAG_SHARED : 0);
  return [flags, ...encodeU32(limits.initial), ...encodeU32(cappedMax(limits, capPages))];
}

function* importedMemories(bytes: Uint8Array, start: number, end: number): Generator<FoundMemory> {
  const r = new WasmReader(bytes, start, end);
  const count = r.u32();
  for (let i = 0; i < count; i++) {
    const module = r.name();
    const name = r.name();
    const kind = r.u8();
    switch (kind) {
      case 0x00: // function: type index
        r.u32();
        break;
      case 0x01: // table: reference type, limits
        skipRefType(r);
        skipTableLimits(r);
        break;
      case 0x02:
        yield { limits: readLimits(r), imported: { module, name } };
        break;
      case 0x03: // global: value type, mutability
        skipValType(r);
        r.u8();
        break;
      case 0x04: // tag: attribute, type index
        r.u8();
        r.u32();
        break;
      default:
        throw new WasmModuleError(`Invalid WASM module: unknown import kind 0x${kind.toString(16)}`);
    }
  }
}

const skipRefType = skipValType;

function skipTableLimits(r: WasmReader): void {
  const flags = r.u8();
  r.skipLeb();
  if (flags & FLAG_HAS_MAX) r.skipLeb();
}
