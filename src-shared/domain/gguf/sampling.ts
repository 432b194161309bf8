// How a GGUF job's tokens are chosen. Defaults follow the Rust Island (§4.5.3, §8.1): temperature
// 0.7, top-p 0.9, no top-k, a fixed seed 42, no repeat penalty. It reads only
// `model_temperature`; here the input's own `temperature`, `top_p`, `top_k`, `seed` and `stop`
// are honoured too, and `input.temperature` wins over `model_temperature`: the job field is the
// Cargo's default, the input is what this request asked for.
import { bad, isRecord, ok, shown, type Checked } from './checked';

export interface SamplingParams {
  /** 0 picks the most likely token every time (greedy). */
  temperature: number;
  /** 1 turns it off. */
  topP: number;
  /** 0 turns it off (the whole vocabulary). */
  topK: number;
  seed: number;
  /** Generation ends before any of these strings (they are not sent). */
  stop: string[];
}

export const SAMPLING_DEFAULTS: Readonly<Omit<SamplingParams, 'stop'>> = { temperature: 0.7, topP: 0.9, topK: 0, seed: 42 };

const MAX_TEMPERATURE = 100;
const MAX_STOP_STRINGS = 16;
const MAX_STOP_LENGTH = 256;
const MAX_SEED = 0xffff_ffff;

type Field<T> = Checked<T | undefined>;

function given(input: Record<string, unknown>, key: string): unknown {
  const v = input[key];
  return v === null ? undefined : v;
}

function numberIn(input: Record<string, unknown>, key: string, what: string, valid: (n: number) => boolean): Field<number> {
  const v = given(input, key);
  if (v === undefined) return ok(undefined);
  if (typeof v !== 'number' || !Number.isFinite(v) || !valid(v)) return bad(`GGUF workload input.${key} must be ${what}, got ${shown(v)}`);
  return ok(v);
}

function stopStrings(input: Record<string, unknown>): Checked<string[]> {
  const v = given(input, 'stop');
  if (v === undefined) return ok([]);
  const list = typeof v === 'string' ? [v] : v;
  const valid =
    Array.isArray(list) &&
    list.length <= MAX_STOP_STRINGS &&
    list.every((s) => typeof s === 'string' && s.length > 0 && s.length <= MAX_STOP_LENGTH);
  if (!valid) {
    return bad(`GGUF workload input.stop must be a string or an array of at most ${MAX_STOP_STRINGS} non-empty strings (each up to ${MAX_STOP_LENGTH} characters), got ${shown(v)}`);
  }
  return ok(list as string[]);
}

/** `modelTemperature` is the job's `model_temperature` (null when absent). */
export function extractSampling(input: unknown, modelTemperature: number | null): Checked<SamplingParams> {
  const fields = isRecord(input) ? input : {};
  if (modelTemperature !== null && !(Number.isFinite(modelTemperature) && modelTemperature >= 0 && modelTemperature <= MAX_TEMPERATURE)) {
    return bad(`GGUF job model_temperature must be a number from 0 to ${MAX_TEMPERATURE}, got ${shown(modelTemperature)}`);
  }
  const temperature = numberIn(fields, 'temperature', `a number from 0 to ${MAX_TEMPERATURE}`, (n) => n >= 0 && n <= MAX_TEMPERATURE);
  if (!temperature.ok) return temperature;
  const topP = numberIn(fields, 'top_p', 'a number above 0 and at most 1', (n) => n > 0 && n <= 1);
  if (!topP.ok) return topP;
  const topK = numberIn(fields, 'top_k', 'a whole number, 0 or more (0 turns it off)', (n) => Number.isInteger(n) && n >= 0);
  if (!topK.ok) return topK;
  const seed = numberIn(fields, 'seed', `a whole number from 0 to ${MAX_SEED}`, (n) => Number.isInteger(n) && n >= 0 && n <= MAX_SEED);
  if (!seed.ok) return seed;
  const stop = stopStrings(fields);
  if (!stop.ok) return stop;
  return ok({
    temperature: temperature.value ?? modelTemperature ?? SAMPLING_DEFAULTS.temperature,
    topP: topP.value ?? SAMPLING_DEFAULTS.topP,
    topK: topK.value ?? SAMPLING_DEFAULTS.topK,
    seed: seed.value ?? SAMPLING_DEFAULTS.seed,
    stop: stop.value,
  });
}
