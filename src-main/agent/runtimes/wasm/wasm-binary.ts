// Just enough of the WebAssembly binary format to find and rewrite memory and table limits: a
// cursor over LEB128 integers and the section list. Everything else in a module is copied through untouched,
// and V8 validates the result, so this reader only has to be right about what it skips.

/** A module this Island will not run, with the reason the job's `failed` status shows. */
export class WasmModuleError extends Error {
  override readonly name = 'WasmModuleError';
}

const MAGIC = [0x00, 0x61, 0x73, 0x6d];
const VERSION = [0x01, 0x00, 0x00, 0x00];

export class WasmReader {
  constructor(
    private readonly bytes: Uint8Array,
    public pos = 0,
    private readonly end = bytes.length,
  ) {}

  get atEnd(): boolean {
    return this.pos >= this.end;
  }

  /** The next byte, not consumed. */
  peek(): number {
    if (this.pos >= this.end) throw new WasmModuleError(`Invalid WASM module: unexpected end at byte ${this.pos}`);
    return this.bytes[this.pos]!;
  }

  u8(): number {
    if (this.pos >= this.end) throw new WasmModuleError(`Invalid WASM module: unexpected end at byte ${this.pos}`);
    return this.bytes[this.pos++]!;
  }

  /** Unsigned LEB128 of at most 32 bits. */
  u32(): number {
    let result = 0;
    for (let shift = 0; shift < 35; shift += 7) {
      const b = this.u8();
      // Multiplication, not `<<`, so bit 31 does not turn the value negative.
      result += (b & 0x7f) * 2 ** shift;
      if ((b & 0x80) === 0) {
        if (result > 0xffff_ffff) break;
        return result;
      }
    }
    throw new WasmModuleError(`Invalid WASM module: malformed u32 before byte ${this.pos}`);
  }

  /** Skips a LEB128 integer (signed or unsigned, up to 64 bits) whose value does not matter here. */
  skipLeb(): void {
    for (let i = 0; i < 10; i++) if ((this.u8() & 0x80) === 0) return;
    throw new WasmModuleError(`Invalid WASM module: malformed integer before byte ${this.pos}`);
  }

  /** Skips a length-prefixed byte vector (names). */
  skipVec(): void {
    const n = this.u32();
    if (this.pos + n > this.end) throw new WasmModuleError(`Invalid WASM module: a name runs past its section`);
    this.pos += n;
  }

  name(): string {
    const n = this.u32();
    if (this.pos + n > this.end) throw new WasmModuleError(`Invalid WASM module: a name runs past its section`);
    const text = new TextDecoder().decode(this.bytes.subarray(this.pos, this.pos + n));
    this.pos += n;
    return text;
  }
}

export function encodeU32(value: number): number[] {
  const out: number[] = [];
  let v = value >>> 0;
  do {
    let b = v & 0x7f;
    v >>>= 7;
    if (v !== 0) b |= 0x80;
    out.push(b);
  } while (v !== 0);
  return out;
}

export interface Section {
  id: number;
  /** Offset of the section id byte. */
  headerStart: number;
  /** The section's content: [contentStart, contentEnd). */
  contentStart: number;
  contentEnd: number;
}

export function readSections(bytes: Uint8Array): Section[] {
  if (bytes.length < 8 || MAGIC.some((b, i) => bytes[i] !== b)) {
    throw new WasmModuleError('Invalid WASM module: not a WebAssembly binary (bad magic number)');
  }
  if (VERSION.some((b, i) => bytes[4 + i] !== b)) {
    throw new WasmModuleError('Invalid WASM module: unsupported binary version (only core modules, version 1)');
  }
  const sections: Section[] = [];
  const r = new WasmReader(bytes, 8);
  while (!r.atEnd) {
    const headerStart = r.pos;
    const id = r.u8();
    const size = r.u32();
    const contentStart = r.pos;
    const contentEnd = contentStart + size;
    if (contentEnd > bytes.length) throw new WasmModuleError(`Invalid WASM module: section ${id} runs past the end of the file`);
    sections.push({ id, headerStart, contentStart, contentEnd });
    r.pos = contentEnd;
  }
  return sections;
}

export const SECTION_TYPE = 1;
export const SECTION_IMPORT = 2;
export const SECTION_TABLE = 4;
export const SECTION_MEMORY = 5;

/** Typed references (function-references / GC) spell a value type as 0x63|0x64 then a heap type. */
export function skipValType(r: WasmReader): void {
  const b = r.u8();
  if (b === 0x63 || b === 0x64) r.skipLeb();
}

/** Bytes `[start, end)` of a section's content to replace. */
export interface Patch {
  start: number;
  end: number;
  bytes: number[];
}

/** The module with the patches applied, keyed by section index; each patched section gets its new size. */
export function applyPatches(bytes: Uint8Array, bySection: Map<number, Patch[]>): Uint8Array {
  const parts: Uint8Array[] = [bytes.subarray(0, 8)];
  for (const [index, section] of readSections(bytes).entries()) {
    const patches = bySection.get(index);
    if (!patches) {
      parts.push(bytes.subarray(section.headerStart, section.contentEnd));
      continue;
    }
    const content: Uint8Array[] = [];
    let from = section.contentStart;
    for (const p of patches.sort((x, y) => x.start - y.start)) {
      content.push(bytes.subarray(from, p.start), Uint8Array.from(p.bytes));
      from = p.end;
    }
    content.push(bytes.subarray(from, section.contentEnd));
    const body = concat(content);
    parts.push(Uint8Array.from([section.id, ...encodeU32(body.length)]), body);
  }
  return concat(parts);
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const p of parts) {
    out.set(p, offset);
    offset += p.length;
  }
  return out;
}
