import { describe, expect, it } from 'vitest';
import { hostIdProblem, isSafeHostId } from '../../../src-shared/config/host-id';
import {
  DEFAULT_REGISTRY_ALLOWLIST,
  defaultConfig,
  effectiveRegistryAllowlist,
  islandConfigSchema,
} from '../../../src-shared/config/schema';

const minimal = { coordinator: { nats_url: 'nats://localhost:4222' } };
const parse = (extra: Record<string, unknown>) => islandConfigSchema.safeParse({ ...minimal, ...extra });
const messages = (extra: Record<string, unknown>) => {
  const r = parse(extra);
  return r.success ? [] : r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
};

describe('defaultConfig (Rust config tests, §13)', () => {
  const cfg = defaultConfig();

  it('has no host_id, nats on localhost, no docker socket, no gpu devices', () => {
    expect(cfg.host_id).toBeUndefined();
    expect(cfg.coordinator.nats_url).toBe('nats://localhost:4222');
    expect(cfg.docker.socket).toBeUndefined();
    expect(cfg.workload.gpu_devices).toBeUndefined();
    expect(cfg.workload.llm_chat_image).toBe('ghcr.io/archipelag-io/llm-chat:latest');
  });

  it('has the Rust resource limits', () => {
    expect(cfg.workload.resource_limits).toEqual({ memory_mb: 8192, read_only_rootfs: true, tmpfs_size_mb: 256, network_disabled: true });
    expect(cfg.workload.resource_limits.cpu_percent).toBeUndefined();
  });

  it('has no host region or name and empty pricing', () => {
    expect(cfg.host).toEqual({});
    expect(cfg.pricing).toEqual({ workloads: {} });
  });

  it('has the Rust defaults for cache, registry, model cache and preload', () => {
    expect(cfg.cache).toEqual({ enable_preload: false, preload_images: [], max_cached_images: 20, warm_ttl_seconds: 3600, max_cache_gb: 50 });
    expect(cfg.registry).toEqual({ enabled: true, allowed: [], require_digest: false, auth: {} });
    expect(cfg.model_cache).toEqual({ max_cache_gb: 20 });
    expect(cfg.preload).toEqual({ enabled: true, models: [] });
  });

  it('has our defaults', () => {
    expect(cfg.jobs).toEqual({ drain_timeout_seconds: 30 });
    expect(cfg.dashboard).toEqual({ enabled: true, port: 7780 });
    expect(cfg.availability).toEqual({
      mode: 'online',
      schedule: [],
      idle_only: false,
      idle_minutes: 10,
      game_mode: false,
      game_processes: [],
      pause_on_fullscreen: true,
      on_pause: 'finish',
      unload_models_on_pause: false,
      exclude_gpus: [],
    });
  });

  it('returns a fresh object each time', () => {
    const a = defaultConfig();
    a.cache.preload_images.push('x');
    a.pricing.workloads.x = '1';
    expect(defaultConfig().cache.preload_images).toEqual([]);
    expect(defaultConfig().pricing.workloads).toEqual({});
  });
});

describe('[signing] enabled (quirk 9, kept)', () => {
  it('is false when the table is absent', () => {
    expect(parse({}).data?.signing.enabled).toBe(false);
  });
  it('is true when the table exists without the key', () => {
    expect(parse({ signing: {} }).data?.signing.enabled).toBe(true);
    expect(parse({ signing: { require_signature: true } }).data?.signing.enabled).toBe(true);
  });
  it('follows the key when it is written', () => {
    expect(parse({ signing: { enabled: false } }).data?.signing.enabled).toBe(false);
    expect(parse({ signing: { enabled: true } }).data?.signing.enabled).toBe(true);
  });
  it('fills trusted key defaults', () => {
    const r = parse({ signing: { trusted_keys: [{ key_id: 'k', public_key: 'pem' }] } });
    expect(r.data?.signing.trusted_keys).toEqual([{ key_id: 'k', public_key: 'pem', algorithm: 'ecdsa-p256' }]);
  });
});

describe('[registry] allowed', () => {
  it('empty means the built-in defaults', () => {
    expect(effectiveRegistryAllowlist(defaultConfig())).toEqual(DEFAULT_REGISTRY_ALLOWLIST);
    expect(DEFAULT_REGISTRY_ALLOWLIST).toEqual(['ghcr.io/archipelag-io', 'docker.io/archipelag', 'docker.io/library']);
  });
  it('a non-empty list replaces them', () => {
    const cfg = parse({ registry: { allowed: ['registry.example.com'] } }).data!;
    expect(effectiveRegistryAllowlist(cfg)).toEqual(['registry.example.com']);
  });
});

describe('[coordinator] nats_url', () => {
  it('is required', () => {
    const r = islandConfigSchema.safeParse({});
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.path).toEqual(['coordinator', 'nats_url']);
    expect(r.error?.issues[0]?.message).toMatch(/^required key is missing/);
  });
  it.each(['nats://localhost:4222', 'tls://island:secret@sail.archipelag.io:4222', 'host:4222', 'NATS://h:1'])('accepts %s', (url) => {
    expect(parse({ coordinator: { nats_url: url } }).success).toBe(true);
  });
  it.each(['http://host:4222', 'nats://', 'nats://a b', ''])('refuses %j', (url) => {
    expect(parse({ coordinator: { nats_url: url } }).success).toBe(false);
  });
  it('api_url must be http(s)', () => {
    expect(parse({ coordinator: { nats_url: 'nats://h', api_url: 'https://api.example.com/v1' } }).success).toBe(true);
    expect(messages({ coordinator: { nats_url: 'nats://h', api_url: 'ftp://x' } })).toEqual(['coordinator.api_url: expected an http:// or https:// URL, got "ftp://x"']);
  });
});

describe('type errors say what was expected and what was found', () => {
  it.each([
    [{ workload: { resource_limits: { memory_mb: 'lots' } } }, 'workload.resource_limits.memory_mb: expected a non-negative integer, got "lots"'],
    [{ workload: { resource_limits: { memory_mb: -1 } } }, 'workload.resource_limits.memory_mb: expected a non-negative integer, got -1'],
    [{ workload: { resource_limits: { memory_mb: 1.5 } } }, 'workload.resource_limits.memory_mb: expected a non-negative integer, got 1.5'],
    [{ workload: { resource_limits: { read_only_rootfs: 'yes' } } }, 'workload.resource_limits.read_only_rootfs: expected true or false, got "yes"'],
    [{ workload: { gpu_devices: [0] } }, 'workload.gpu_devices.0: expected a string, got 0'],
    [{ workload: { gpu_devices: '0' } }, 'workload.gpu_devices: expected an array of strings, got "0"'],
    [{ cache: 'x' }, 'cache: expected a table, got "x"'],
    [{ pricing: { workloads: { 'llm-chat': 2 } } }, 'pricing.workloads.llm-chat: expected a price string such as "2.0", got 2'],
    [{ jobs: { max_concurrent: 0 } }, 'jobs.max_concurrent: expected a positive integer, got 0'],
    [{ dashboard: { port: 70000 } }, 'dashboard.port: expected a port number (0 to 65535), got 70000'],
    [{ availability: { mode: 'away' } }, 'availability.mode: expected "online" or "paused", got "away"'],
  ])('%j', (input, expected) => {
    expect(messages(input)).toEqual([expected]);
  });

  it('integers too large for a JS number (parsed as bigint) are refused, not rounded', () => {
    expect(messages({ model_cache: { max_cache_gb: 9007199254740993n } })).toEqual([
      'model_cache.max_cache_gb: expected a non-negative integer, got 9007199254740993',
    ]);
  });

  it('reports every error, not just the first', () => {
    expect(messages({ cache: { max_cached_images: 'x' }, dashboard: { port: -1 }, availability: { mode: 1 } })).toHaveLength(3);
  });
});

describe('our keys', () => {
  it('accept their documented values', () => {
    const cfg = parse({ jobs: { max_concurrent: 4, drain_timeout_seconds: 0 }, dashboard: { enabled: false, port: 0 }, availability: { mode: 'paused' } }).data!;
    expect(cfg.jobs).toEqual({ max_concurrent: 4, drain_timeout_seconds: 0 });
    expect(cfg.dashboard).toEqual({ enabled: false, port: 0 });
    expect(cfg.availability.mode).toBe('paused');
  });
});

describe('host_id', () => {
  it.each(['550e8400-e29b-41d4-a716-446655440000', 'my-island', 'a', 'x'.repeat(128), 'île-01', 'host_1:2'])('accepts %j', (id) => {
    expect(hostIdProblem(id)).toBeUndefined();
    expect(parse({ host_id: id }).success).toBe(true);
  });
  it.each([
    ['', /empty/],
    ['x'.repeat(129), /at most 128/],
    ['a.b', /"\."/],
    ['a*', /"\*"/],
    ['a>', /">"/],
    ['a/b', /"\/"/],
    ['a\\b', /"\\"/],
    ['a b', /whitespace/],
    ['a\tb', /whitespace/],
    ['a\u0000b', /printable/],
    ['a\u200bb', /printable/],
  ])('refuses %j', (id, why) => {
    expect(hostIdProblem(id)).toMatch(why);
    expect(isSafeHostId(id)).toBe(false);
    const r = parse({ host_id: id });
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.message).toMatch(/^invalid host id/);
  });
  it('isSafeHostId refuses non-strings', () => {
    expect(isSafeHostId(42)).toBe(false);
    expect(isSafeHostId(null)).toBe(false);
  });
});

describe('[registry.auth] and [cache] max_cache_gb (ours)', () => {
  it('default to no logins and a 50 GB image cache', () => {
    expect(defaultConfig().registry.auth).toEqual({});
    expect(defaultConfig().cache.max_cache_gb).toBe(50);
  });
  it('accept a login per registry host[:port], with a password or an identity token', () => {
    const cfg = parse({
      registry: {
        auth: {
          'ghcr.io': { username: 'me', password: 'pw' },
          '127.0.0.1:5000': { identity_token: 'tok' },
          '[::1]:5000': { username: 'u', password: 'p' },
        },
      },
    }).data!;
    expect(cfg.registry.auth['ghcr.io']).toEqual({ username: 'me', password: 'pw' });
    expect(cfg.registry.auth['127.0.0.1:5000']).toEqual({ identity_token: 'tok' });
  });
  it('refuse a login that could not be used', () => {
    expect(messages({ registry: { auth: { 'ghcr.io': { username: 'me' } } } })).toEqual([
      'registry.auth.ghcr.io: expected username and password, or identity_token',
    ]);
  });
  it.each(['https://ghcr.io', 'ghcr.io/org', 'ghcr.io:port', ''])('refuse the registry key %j (a host, not a URL or a path)', (host) => {
    const m = messages({ registry: { auth: { [host]: { username: 'u', password: 'p' } } } });
    expect(m).toHaveLength(1);
    expect(m[0]).toMatch(/expected a registry host such as "ghcr.io" or "127.0.0.1:5000" \(no scheme, no path\)/);
  });
  it('max_cache_gb is a non-negative integer', () => {
    expect(parse({ cache: { max_cache_gb: 5 } }).data?.cache.max_cache_gb).toBe(5);
    expect(messages({ cache: { max_cache_gb: -1 } })).toEqual(['cache.max_cache_gb: expected a non-negative integer, got -1']);
  });
});
