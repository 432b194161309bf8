// The common path of every decoder: bytes → UTF-8 text → JSON → zod schema → number-form checks.
// Nothing here throws on untrusted input: every failure becomes `{ ok: false, error }`.

import type * as z from 'zod';
import { parseJson, toText, type ParsedJson } from './json-text';
import { findNumberTokens, isIntegerToken } from './number-tokens';
import { formatIssues } from './wire-schema';

export type Decoded<T> = { ok: true; value: T } | { ok: false; error: string };

/**
 * Which numeric fields must keep their written form: dotted paths, `*` for every array element
 * (`gpus.*.power_draw_w`). `integers` must not be written as `1.0`/`1e3` (serde rejects them);
 * `floats` must be written with a decimal point (the Elixir coordinator may type-check them).
 */
export interface NumberForms {
  integers?: readonly string[];
  floats?: readonly string[];
}

export type Stage<T> = { ok: true; value: T; json: ParsedJson } | { ok: false; error: string; json: ParsedJson | null };

/** Text → JSON → schema → number forms, keeping the parsed JSON for callers that need more. */
export function decodeStages<T>(
  data: Uint8Array | string,
  schema: z.ZodType<T>,
  forms: NumberForms = {},
): Stage<T> {
  const text = toText(data);
  if (!text.ok) return { ok: false, error: text.error, json: null };
  const parsed = parseJson(text.text);
  if (!parsed.ok) return { ok: false, error: parsed.error, json: null };
  const json = parsed.json;
  const result = schema.safeParse(json.value);
  if (!result.success) return { ok: false, error: formatIssues(result.error.issues), json };
  const formErrors = checkNumberForms(json, forms);
  if (formErrors.length > 0) return { ok: false, error: formErrors.join('; '), json };
  return { ok: true, value: result.data, json };
}

export function decodeWith<T>(
  name: string,
  data: Uint8Array | string,
  schema: z.ZodType<T>,
  forms: NumberForms = {},
): Decoded<T> {
  const stage = decodeStages(data, schema, forms);
  return stage.ok ? { ok: true, value: stage.value } : { ok: false, error: `invalid ${name}: ${stage.error}` };
}

export function checkNumberForms(json: ParsedJson, forms: NumberForms): string[] {
  const integers = forms.integers ?? [];
  const floats = forms.floats ?? [];
  const errors: string[] = [];
  for (const { pattern, path, token } of findNumberTokens(json.text, [...integers, ...floats])) {
    if (integers.includes(pattern)) {
      if (!isIntegerToken(token)) errors.push(`field "${path}": expected an integer, got float ${token}`);
    } else if (isIntegerToken(token)) {
      errors.push(`field "${path}" must be written as a float (got ${token})`);
    }
  }
  return errors;
}
