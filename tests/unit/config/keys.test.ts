import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { describeConfigKeys, formatKeyPath } from '../../../src-shared/config/keys';
import { defaultConfig, islandConfigSchema } from '../../../src-shared/config/schema';

interface Def {
  type: string;
  innerType?: z.ZodType;
  out?: z.ZodType;
  shape?: Record<string, z.ZodType>;
  element?: z.ZodType;
}
const defOf = (s: z.ZodType) => (s as unknown as { _zod: { def: Def } })._zod.def;

function unwrap(s: z.ZodType): z.ZodType {
  let cur = s;
  for (;;) {
    const def = defOf(cur);
    if (def.innerType && ['optional', 'default', 'prefault', 'nullable'].includes(def.type)) cur = def.innerType;
    else if (def.type === 'pipe' && def.out) cur = def.out;
    else return cur;
  }
}

/** Every key path the schema knows, tables included, in the key list's notation. */
function schemaPaths(schema: z.ZodType, prefix = ''): string[] {
  const def = defOf(unwrap(schema));
  const out: string[] = [];
  for (const [key, child] of Object.entries(def.shape ?? {})) {
    const path = prefix ? `${prefix}.${key}` : key;
    out.push(path);
    const inner = defOf(unwrap(child));
    if (inner.type === 'object') out.push(...schemaPaths(child, path));
    if (inner.type === 'array' && inner.element && defOf(unwrap(inner.element)).type === 'object') out.push(...schemaPaths(inner.element, `${path}[]`));
  }
  return out;
}

describe('describeConfigKeys', () => {
  const keys = describeConfigKeys();

  it('names exactly the keys of the schema, in a stable order', () => {
    expect(keys.map((k) => k.path).sort()).toEqual(schemaPaths(islandConfigSchema).sort());
  });

  it('lists every Rust key of §5.2', () => {
    const rust = [
      'host_id', 'host.region', 'host.name', 'coordinator.nats_url', 'coordinator.api_url', 'docker.socket',
      'workload.llm_chat_image', 'workload.gpu_devices', 'workload.resource_limits.memory_mb',
      'workload.resource_limits.read_only_rootfs', 'workload.resource_limits.tmpfs_size_mb',
      'workload.resource_limits.cpu_percent', 'workload.resource_limits.network_disabled', 'cache.enable_preload',
      'cache.preload_images', 'cache.max_cached_images', 'cache.warm_ttl_seconds', 'signing.enabled',
      'signing.require_signature', 'signing.trusted_keys', 'signing.keys_url', 'signing.unsigned_allowed_registries',
      'signing.key_cache_path', 'registry.enabled', 'registry.allowed', 'registry.require_digest',
      'model_cache.max_cache_gb', 'model_cache.cache_dir', 'model_cache.hf_token', 'preload.enabled', 'preload.models',
      'pricing.default_price', 'pricing.workloads',
    ];
    const byPath = new Map(keys.map((k) => [k.path, k]));
    for (const path of rust) expect(byPath.get(path)?.origin, path).toBe('rust');
    for (const path of ['jobs.max_concurrent', 'jobs.drain_timeout_seconds', 'dashboard.enabled', 'dashboard.port', 'availability.mode']) {
      expect(byPath.get(path)?.origin, path).toBe('island-desktop');
    }
  });

  it('gives every key a one-line meaning and a type', () => {
    for (const k of keys) {
      expect(k.meaning, k.path).toMatch(/^\S.*\S$/);
      expect(k.meaning, k.path).not.toContain('\n');
      expect(k.type, k.path).not.toBe('');
    }
  });

  it('takes its defaults from defaultConfig()', () => {
    const cfg = defaultConfig();
    const byPath = new Map(keys.map((k) => [k.path, k]));
    expect(byPath.get('workload.resource_limits.memory_mb')?.default).toBe(cfg.workload.resource_limits.memory_mb);
    expect(byPath.get('dashboard.port')?.default).toBe(7780);
    expect(byPath.get('jobs.max_concurrent')?.default).toBeUndefined();
    expect(byPath.get('jobs.max_concurrent')?.defaultText).toMatch(/hardware/);
    expect(byPath.get('signing.enabled')?.defaultText).toBe('true if [signing] exists, else false');
    expect(byPath.get('coordinator.nats_url')?.defaultText).toBe('required');
  });

  it('has an example for every key that is unset by default', () => {
    for (const k of keys) {
      if (k.default === undefined && !['table', 'table[]'].includes(k.kind)) expect(k.example, k.path).toBeDefined();
    }
  });
});

describe('formatKeyPath', () => {
  it('writes dotted paths, array indexes and quoted odd keys', () => {
    expect(formatKeyPath(['workload', 'resource_limits', 'memory_mb'])).toBe('workload.resource_limits.memory_mb');
    expect(formatKeyPath(['signing', 'trusted_keys', 0, 'key_id'])).toBe('signing.trusted_keys[0].key_id');
    expect(formatKeyPath(['pricing', 'workloads', 'llm chat'])).toBe('pricing.workloads."llm chat"');
    expect(formatKeyPath(['pricing', 'workloads', 'llm-chat'])).toBe('pricing.workloads.llm-chat');
  });
});

describe('image supply keys', () => {
  const byPath = new Map(describeConfigKeys().map((k) => [k.path, k]));
  it('list [cache] max_cache_gb and [registry.auth] as ours, with their defaults', () => {
    expect(byPath.get('cache.max_cache_gb')).toMatchObject({ kind: 'uint', default: 50, origin: 'island-desktop' });
    expect(byPath.get('registry.auth')).toMatchObject({ kind: 'map', default: {}, origin: 'island-desktop' });
    expect(byPath.get('registry.auth')?.meaning).toMatch(/only to its own registry/);
  });
});
