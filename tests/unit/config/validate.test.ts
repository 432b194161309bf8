import { describe, expect, it } from 'vitest';
import { closestMatch, editDistance } from '../../../src-shared/config/suggest';
import { validateConfig } from '../../../src-shared/config/validate';

const base = { coordinator: { nats_url: 'nats://localhost:4222' } };
const warningsOf = (raw: Record<string, unknown>) => validateConfig({ ...base, ...raw }).warnings.map((w) => `${w.path.join('.')}: ${w.message}`);

describe('unknown keys are warnings, never errors', () => {
  it('names unknown keys and sections and still loads', () => {
    const r = validateConfig({ ...base, colour: 'blue', telemetry: { enabled: true }, workload: { shiny: 1 } });
    expect(r.errors).toEqual([]);
    expect(r.config).toBeDefined();
    expect(r.warnings.map((w) => w.path.join('.'))).toEqual(['colour', 'telemetry', 'workload.shiny']);
    expect(r.warnings[1]?.message).toBe('unknown section; ignored');
    expect(r.warnings[0]?.message).toBe('unknown key; ignored');
  });

  it('suggests the near miss', () => {
    expect(warningsOf({ workload: { resource_limits: { memroy_mb: 1 } } })).toEqual([
      'workload.resource_limits.memroy_mb: unknown key (did you mean "memory_mb"?); ignored',
    ]);
    expect(warningsOf({ dashbord: { port: 1 } })).toEqual(['dashbord: unknown section (did you mean "dashboard"?); ignored']);
    expect(warningsOf({ cache: { Enable_Preload: true } })).toEqual(['cache.Enable_Preload: unknown key (did you mean "enable_preload"?); ignored']);
  });

  it('points at the right table for a key written in the wrong one', () => {
    expect(warningsOf({ nats_url: 'nats://x' })).toEqual(['nats_url: unknown key here (did you mean [coordinator] nats_url?); ignored']);
    expect(warningsOf({ workload: { hf_token: 'x' } })).toEqual(['workload.hf_token: unknown key here (did you mean [model_cache] hf_token?); ignored']);
  });

  it('explains the Rust example file mistakes', () => {
    const w = warningsOf({ security: { tls: { pin: 'x' } }, signing: { trusted_keys: [{ key_id: 'a', public_key: 'b', name: 'n', key: 'k' }] } });
    expect(w).toContain('security: not read by the Island (TLS pinning is not implemented, in the Rust Island either); ignored');
    expect(w).toContain('signing.trusted_keys.0.name: unknown key; the field is called "key_id" (the Rust Island\'s example file is wrong here); ignored');
    expect(w).toContain('signing.trusted_keys.0.key: unknown key; the field is called "public_key" (the Rust Island\'s example file is wrong here); ignored');
  });

  it('accepts any slug in [pricing.workloads]', () => {
    expect(warningsOf({ pricing: { workloads: { 'llm-chat': '2.0', 'anything-at-all': '1' } } })).toEqual([]);
  });
});

describe('host_id under [host] (where the Rust example file puts it)', () => {
  it('is used, with a warning', () => {
    const r = validateConfig({ ...base, host: { host_id: 'my-island', region: 'eu' } });
    expect(r.config?.host_id).toBe('my-island');
    expect(r.config?.host).toEqual({ region: 'eu' });
    expect(r.warnings).toEqual([{ path: ['host', 'host_id'], message: expect.stringMatching(/belongs at the top of the file/) }]);
  });
  it('loses to a top-level host_id, with a warning', () => {
    const r = validateConfig({ ...base, host_id: 'top', host: { host_id: 'nested' } });
    expect(r.config?.host_id).toBe('top');
    expect(r.warnings[0]?.message).toMatch(/ignored: the top-level host_id is used/);
  });
  it('is validated, and the error names [host]', () => {
    const r = validateConfig({ ...base, host: { host_id: 'bad.id' } });
    expect(r.errors).toEqual([{ path: ['host', 'host_id'], message: expect.stringMatching(/^invalid host id "bad.id": must not contain "\."/) }]);
  });
});

describe('Rust `config` crate leniency, accepted with a warning', () => {
  it('numbers and booleans written as strings', () => {
    const r = validateConfig({ ...base, workload: { resource_limits: { memory_mb: '4096', read_only_rootfs: 'false' } } });
    expect(r.config?.workload.resource_limits.memory_mb).toBe(4096);
    expect(r.config?.workload.resource_limits.read_only_rootfs).toBe(false);
    expect(r.warnings.map((w) => w.message)).toEqual([
      '"4096" has the wrong type; read as 4096 for compatibility (write it without quotes)',
      '"false" has the wrong type; read as false for compatibility (write it without quotes)',
    ]);
  });
  it('prices written as numbers', () => {
    const r = validateConfig({ ...base, pricing: { default_price: 1.5, workloads: { 'llm-chat': 2 } } });
    expect(r.config?.pricing).toEqual({ default_price: '1.5', workloads: { 'llm-chat': '2' } });
    expect(r.warnings.map((w) => w.path.join('.'))).toEqual(['pricing.default_price', 'pricing.workloads.llm-chat']);
  });
  it('but not nonsense', () => {
    const r = validateConfig({ ...base, workload: { resource_limits: { memory_mb: 'lots' } } });
    expect(r.config).toBeUndefined();
    expect(r.errors).toEqual([{ path: ['workload', 'resource_limits', 'memory_mb'], message: 'expected a non-negative integer, got "lots"' }]);
  });
});

describe('other checks', () => {
  it('warns about prices that are not decimal numbers', () => {
    expect(warningsOf({ pricing: { default_price: 'cheap', workloads: { a: '1.25', b: '-1' } } })).toEqual([
      'pricing.default_price: "cheap" is not a decimal number of credits; it is sent to the coordinator as written',
      'pricing.workloads.b: "-1" is not a decimal number of credits; it is sent to the coordinator as written',
    ]);
  });
  it('refuses a document that is not a table', () => {
    expect(validateConfig([1]).errors[0]?.message).toBe('expected a table of settings, got an array');
  });
  it('does not modify its input', () => {
    const raw = { ...base, host: { host_id: 'x1' }, cache: { max_cached_images: '3' } };
    const copy = JSON.parse(JSON.stringify(raw));
    validateConfig(raw);
    expect(raw).toEqual(copy);
  });
  it('a key named __proto__ never becomes a prototype', () => {
    const raw = JSON.parse('{"coordinator":{"nats_url":"nats://h"},"pricing":{"workloads":{"__proto__":{"polluted":"1"}}}}');
    const r = validateConfig(raw);
    expect(Object.getPrototypeOf(r.config?.pricing.workloads ?? {})).toBe(Object.prototype);
    expect((r.config?.pricing.workloads as Record<string, unknown> | undefined)?.polluted).toBeUndefined();
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('suggestions', () => {
  it('edit distance', () => {
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('', 'abc')).toBe(3);
    expect(editDistance('same', 'same')).toBe(0);
  });
  it('only suggests close matches', () => {
    expect(closestMatch('nats_ur', ['nats_url', 'api_url'])).toBe('nats_url');
    expect(closestMatch('xyz', ['nats_url', 'api_url'])).toBeUndefined();
    expect(closestMatch('max-cached-images', ['max_cached_images'])).toBe('max_cached_images');
  });
});
