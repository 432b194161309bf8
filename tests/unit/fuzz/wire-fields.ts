// Each inbound wire message described field by field (kind + required), so the fuzz suite can
// generate valid messages and, from the same description, values of the wrong type for any field.
// The kinds follow src-shared/protocol/schemas-inbound.ts (serde's rules of the Rust Island).
import fc from 'fast-check';
import { wireJson } from './hostile';

export type FieldKind =
  | 'string'
  | 'optString'
  | 'i64'
  | 'optU32'
  | 'optU64'
  | 'optNumber'
  | 'bool'
  /** `#[serde(default)] bool`: may be absent, null is an error. */
  | 'boolNoNull'
  /** `#[serde(default)] String`: may be absent, null is an error. */
  | 'stringNoNull'
  | 'workloadId'
  | 'any';

export interface Field {
  kind: FieldKind;
  required: boolean;
}

export type MessageSpec = Record<string, Field>;

const req = (kind: FieldKind): Field => ({ kind, required: true });
const opt = (kind: FieldKind): Field => ({ kind, required: false });

export const ASSIGN_JOB: MessageSpec = {
  job_id: req('string'),
  workload_id: opt('workloadId'),
  input: req('any'),
  lease_expires: req('i64'),
  runtime_type: opt('stringNoNull'),
  container_image: opt('optString'),
  image_digest: opt('optString'),
  wasm_url: opt('optString'),
  wasm_hash: opt('optString'),
  model_url: opt('optString'),
  model_hash: opt('optString'),
  model_context_size: opt('optU32'),
  model_temperature: opt('optNumber'),
  onnx_model_url: opt('optString'),
  onnx_model_hash: opt('optString'),
  onnx_task_type: opt('optString'),
  sandbox_tier: opt('optString'),
  pipeline_config: opt('any'),
  expert_config: opt('any'),
  speculative_config: opt('any'),
  training_config: opt('any'),
};

export const CANCEL_JOB: MessageSpec = { job_id: req('string') };

export const PRELOAD: MessageSpec = {
  type: opt('optString'),
  workload_slug: req('string'),
  model_url: opt('optString'),
  model_hash: opt('optString'),
  runtime_type: req('string'),
  estimated_earnings_per_job: opt('optString'),
  queued_demand: opt('optU32'),
  demand_score: opt('optU32'),
  priority: opt('optString'),
};

export const PAIRING_RESPONSE: MessageSpec = {
  success: req('bool'),
  code: opt('optString'),
  expires_in_seconds: opt('optU64'),
  pair_url: opt('optString'),
  error: opt('optString'),
};

export const UPDATE_INFO: MessageSpec = {
  update_available: req('bool'),
  current_version: req('string'),
  latest_version: opt('optString'),
  is_critical: opt('boolNoNull'),
  download_url: opt('optString'),
  signature: opt('optString'),
  checksum_sha256: opt('optString'),
  size_bytes: opt('optU64'),
  release_notes: opt('optString'),
};

const str = fc.string({ unit: 'binary', maxLength: 24 });
const nullable = <T>(a: fc.Arbitrary<T>) => fc.option(a, { nil: null });

const VALID: Record<FieldKind, fc.Arbitrary<unknown>> = {
  string: str,
  stringNoNull: str,
  optString: nullable(str),
  i64: fc.maxSafeInteger(),
  optU32: nullable(fc.integer({ min: 0, max: 4_294_967_295 })),
  optU64: nullable(fc.maxSafeNat()),
  optNumber: nullable(fc.double({ noNaN: true, noDefaultInfinity: true }).map((x) => (Object.is(x, -0) ? 0 : x))),
  bool: fc.boolean(),
  boolNoNull: fc.boolean(),
  workloadId: nullable(fc.oneof(str, fc.maxSafeInteger())),
  any: wireJson,
};

const OBJECTISH = [[], {}, [1], { k: 'v' }];

/** Values each kind must refuse (as JSON values; number spellings are tested on the text). */
export const WRONG: Record<FieldKind, readonly unknown[]> = {
  string: [0, 1.5, true, null, ...OBJECTISH],
  stringNoNull: [null, 0, false, ...OBJECTISH],
  optString: [0, -3, true, ...OBJECTISH],
  i64: ['1', 1.5, true, null, 1e300, 2 ** 64, ...OBJECTISH],
  optU32: [-1, 1.5, 2 ** 32, '5', true, ...OBJECTISH],
  optU64: [-1, 0.5, '5', false, ...OBJECTISH],
  optNumber: ['1.5', true, ...OBJECTISH],
  bool: ['true', 1, 0, null, ...OBJECTISH],
  boolNoNull: ['false', 1, null, ...OBJECTISH],
  workloadId: [1.5, -0.25, true, ...OBJECTISH],
  any: [],
};

/** Kinds whose integers must be written without a fraction or exponent (`5`, not `5.0` or `5e0`). */
export const INTEGER_KINDS: ReadonlySet<FieldKind> = new Set(['i64', 'optU32', 'optU64']);

/** Valid messages of `spec`: required keys always, optional keys sometimes. */
export function validMessage(spec: MessageSpec): fc.Arbitrary<Record<string, unknown>> {
  const model: Record<string, fc.Arbitrary<unknown>> = {};
  for (const [key, field] of Object.entries(spec)) model[key] = VALID[field.kind];
  const requiredKeys = Object.entries(spec).flatMap(([k, f]) => (f.required ? [k] : []));
  return fc.record(model, { requiredKeys }) as fc.Arbitrary<Record<string, unknown>>;
}

/** A field of `spec` with a value it must refuse: `[key, value]`. */
export function wrongField(spec: MessageSpec): fc.Arbitrary<[string, unknown]> {
  const pairs = Object.entries(spec).flatMap(([key, f]) => WRONG[f.kind].map((v): [string, unknown] => [key, v]));
  return fc.constantFrom(...pairs);
}

export function requiredKeys(spec: MessageSpec): string[] {
  return Object.entries(spec).flatMap(([k, f]) => (f.required ? [k] : []));
}

export function integerKeys(spec: MessageSpec): string[] {
  return Object.entries(spec).flatMap(([k, f]) => (INTEGER_KINDS.has(f.kind) ? [k] : []));
}

/** Keys no inbound message has: serde ignores them, so must we. */
export const extraKey = fc.string({ minLength: 1, maxLength: 12 }).filter((k) => !['__proto__'].includes(k) && !Object.hasOwn(ASSIGN_JOB, k) && !Object.hasOwn(PRELOAD, k) && !Object.hasOwn(UPDATE_INFO, k) && !Object.hasOwn(PAIRING_RESPONSE, k));
