// The result of checking one part of a GGUF job: the value, or an error fit for the job's
// `failed` status that names the field and shows what was there.
export type Checked<T> = { ok: true; value: T } | { ok: false; error: string };

export function ok<T>(value: T): Checked<T> {
  return { ok: true, value };
}

export function bad(error: string): { ok: false; error: string } {
  return { ok: false, error };
}

/** A value as JSON, cut short, for error messages. */
export function shown(value: unknown): string {
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    text = String(value);
  }
  return text.length > 80 ? `${text.slice(0, 80)}…` : text;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
