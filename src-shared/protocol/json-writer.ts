// A tiny JSON writer that emits keys in a fixed order and numbers the way Rust's serde_json does.
// JSON.stringify cannot do this: it writes the f32 value 0 as `0` where Rust writes `0.0`, and it
// silently writes 1.5 into a field the coordinator expects to be an integer.

const U32_MAX = 4_294_967_295;

/** f32 values are rounded to this many decimals before they are written. */
export const F32_DECIMALS = 3;

/** Rounds half away from zero to 3 decimals, like the coordinator would see from a Rust f32. */
export function roundF32(value: number): number {
  // Beyond 2^53 / 1000 the multiplication loses integer precision and there are no decimals left.
  if (Math.abs(value) >= 9e12) return value;
  const scaled = Math.round(Math.abs(value) * 1000) / 1000;
  return value < 0 ? -scaled : scaled;
}

/**
 * JSON text for an f32 field: rounded to 3 decimals and always with a decimal point
 * (`0` → `0.0`, `12` → `12.0`, `45.5` → `45.5`). Values at or above 1e21 come out in exponent
 * form (`1e+21`), which JSON readers still take as a float.
 */
export function formatF32(value: number): string {
  const rounded = roundF32(value);
  // -0 would print as `0` from String() but `-0.0` from Rust; nobody wants a negative zero here.
  const text = String(rounded === 0 ? 0 : rounded);
  return /[.eE]/.test(text) ? text : `${text}.0`;
}

type Kind = 'string' | 'boolean' | 'u32' | 'u64' | 'i64' | 'f32';

/**
 * Writes the fields of one message. Errors name the message and the field path, because reaching
 * one means our own code built a bad message, never that the peer sent one.
 */
export class FieldWriter {
  constructor(private readonly message: string) {}

  fail(path: string, expected: string, value: unknown): never {
    throw new Error(`${this.message}: field "${path}" must be ${expected}, got ${describe(value)}`);
  }

  string(path: string, value: unknown): string {
    if (typeof value !== 'string') this.fail(path, 'a string', value);
    return JSON.stringify(value);
  }

  boolean(path: string, value: unknown): string {
    if (typeof value !== 'boolean') this.fail(path, 'a boolean', value);
    return value ? 'true' : 'false';
  }

  u32(path: string, value: unknown): string {
    return this.integer(path, value, 'u32');
  }

  u64(path: string, value: unknown): string {
    return this.integer(path, value, 'u64');
  }

  i64(path: string, value: unknown): string {
    return this.integer(path, value, 'i64');
  }

  f32(path: string, value: unknown): string {
    if (typeof value !== 'number' || !Number.isFinite(value)) this.fail(path, 'a finite number (f32)', value);
    return formatF32(value);
  }

  /** `null` for null, else the value written as `kind`: for keys that are always present. */
  nullable(path: string, value: unknown, kind: Kind): string {
    return value === null ? 'null' : this.write(path, value, kind);
  }

  /** undefined (the key is left out) for null or undefined: for "omitted if None" keys. */
  omittable(path: string, value: unknown, kind: Kind): string | undefined {
    return value === null || value === undefined ? undefined : this.write(path, value, kind);
  }

  stringArray(path: string, value: unknown): string {
    if (!Array.isArray(value)) this.fail(path, 'an array of strings', value);
    return `[${value.map((v, i) => this.string(`${path}[${i}]`, v)).join(',')}]`;
  }

  write(path: string, value: unknown, kind: Kind): string {
    switch (kind) {
      case 'string':
        return this.string(path, value);
      case 'boolean':
        return this.boolean(path, value);
      case 'f32':
        return this.f32(path, value);
      default:
        return this.integer(path, value, kind);
    }
  }

  private integer(path: string, value: unknown, kind: 'u32' | 'u64' | 'i64'): string {
    const expected = kind === 'i64' ? 'an integer (i64)' : `a non-negative integer (${kind})`;
    if (typeof value !== 'number' || !Number.isSafeInteger(value)) this.fail(path, expected, value);
    if (kind !== 'i64' && value < 0) this.fail(path, expected, value);
    if (kind === 'u32' && value > U32_MAX) this.fail(path, expected, value);
    return String(value);
  }
}

/** `{"k":v,...}` from already-encoded values, in the given order; undefined values are left out. */
export function jsonObject(fields: ReadonlyArray<readonly [string, string | undefined]>): string {
  const parts: string[] = [];
  for (const [key, json] of fields) {
    if (json !== undefined) parts.push(`${JSON.stringify(key)}:${json}`);
  }
  return `{${parts.join(',')}}`;
}

/** JSON text of an arbitrary value (AssignJob `input`, the *_config fields); undefined → null. */
export function anyJson(value: unknown): string {
  return JSON.stringify(value) ?? 'null';
}

export function describe(value: unknown): string {
  if (value === null) return 'null';
  if (value === undefined) return 'undefined';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'number') {
    if (Number.isNaN(value)) return 'NaN';
    if (!Number.isFinite(value)) return String(value);
    return Number.isInteger(value) ? `integer ${value}` : `float ${value}`;
  }
  return typeof value === 'object' ? 'an object' : typeof value;
}
