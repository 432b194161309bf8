// The config.toml schema: every key of the Rust Island (island-protocol.md §5.2) with its default,
// plus ours (`[jobs]`, `[dashboard]`, `[availability]`). Keys stay snake_case as in the file so
// that an error, the docs and the file all use the same names.
//
// Every schema carries its own "expected ..." wording, so a validation error reads
// `expected a non-negative integer, got "lots"` instead of zod's generic text.
import { z } from 'zod';
import { describeValue } from './describe-value';
import { hostIdProblem } from './host-id';
import { WEEKDAYS } from '../domain/availability/types';
import { parseWallMinute } from '../domain/availability/wall-minute';
import { isKnownTimeZone } from '../domain/availability/zoned-time';

export const DEFAULT_NATS_URL = 'nats://localhost:4222';
export const DEFAULT_LLM_CHAT_IMAGE = 'ghcr.io/archipelag-io/llm-chat:latest';
export const DEFAULT_DASHBOARD_PORT = 7780;
export const DEFAULT_DRAIN_TIMEOUT_SECONDS = 30;
/** `[cache] max_cache_gb`: disk cap for images the Island pulled itself. */
export const DEFAULT_IMAGE_CACHE_GB = 50;
/** What `[registry] allowed = []` stands for (§6.4). */
export const DEFAULT_REGISTRY_ALLOWLIST: readonly string[] = ['ghcr.io/archipelag-io', 'docker.io/archipelag', 'docker.io/library'];
export const AVAILABILITY_MODES = ['online', 'paused'] as const;
export type AvailabilityMode = (typeof AVAILABILITY_MODES)[number];
export const ON_PAUSE_CHOICES = ['finish', 'cancel'] as const;
export const DEFAULT_IDLE_MINUTES = 10;

interface IssueLike {
  input?: unknown;
}

/** zod error parameter: "expected <label>, got <what was there>". */
function expected(label: string) {
  return {
    error: (iss: IssueLike) =>
      iss.input === undefined ? `required key is missing (expected ${label})` : `expected ${label}, got ${describeValue(iss.input)}`,
  };
}

const str = (label = 'a string') => z.string(expected(label));
const bool = () => z.boolean(expected('true or false'));
const intIn = (label: string, min: number, max = Number.MAX_SAFE_INTEGER) => {
  const e = expected(label);
  return z.number(e).int(e).min(min, e).max(max, e);
};
const uint = () => intIn('a non-negative integer', 0);
const posInt = () => intIn('a positive integer', 1);
const strList = () => z.array(str(), expected('an array of strings'));
const table = <S extends z.core.$ZodLooseShape>(shape: S) => z.object(shape, expected('a table'));

const NATS_URL = /^(?:([A-Za-z][A-Za-z0-9+.-]*):\/\/)?[^\s/]+\/?$/;
const natsUrl = () =>
  str('a NATS URL such as "nats://localhost:4222"').refine(
    (v) => {
      const m = NATS_URL.exec(v);
      return m !== null && (m[1] === undefined || /^(nats|tls)$/i.test(m[1]));
    },
    { error: (iss) => `expected a nats:// or tls:// URL, got ${describeValue(iss.input)}` },
  );
/** `[coordinator] nats_url`, and ISLAND_NATS_URL, which replaces it. */
export const natsUrlSchema = natsUrl();
const httpUrl = () =>
  str('an http:// or https:// URL').regex(/^https?:\/\/[^\s/]+\S*$/i, {
    error: (iss) => `expected an http:// or https:// URL, got ${describeValue(iss.input)}`,
  });

export const hostIdSchema = str('a host id (a string)').superRefine((value, ctx) => {
  const problem = hostIdProblem(value);
  if (problem) ctx.addIssue({ code: 'custom', message: `invalid host id ${describeValue(value)}: ${problem}`, input: value });
});

const trustedKeySchema = table({
  key_id: str(),
  public_key: str('a PEM public key string'),
  algorithm: str().default('ecdsa-p256'),
  issuer: str().optional(),
});

// A registry login: username + password, or an identity (refresh) token as `docker login` stores it.
const registryAuthSchema = table({
  username: str().optional(),
  password: str().optional(),
  identity_token: str().optional(),
}).refine((a) => (a.username !== undefined && a.password !== undefined) || a.identity_token !== undefined, {
  error: 'expected username and password, or identity_token',
});

// The key names the registry the login is sent to, so it must be a bare host[:port], never a URL
// or a path: a login for "ghcr.io/org" would otherwise look scoped to one namespace when it is not.
const REGISTRY_HOST = /^(?:[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?$/;
const registryLogins = () =>
  z.record(z.string(), registryAuthSchema, expected('a table of "host[:port]" = { username, password } tables')).superRefine((logins, ctx) => {
    for (const host of Object.keys(logins)) {
      if (!REGISTRY_HOST.test(host)) {
        ctx.addIssue({
          code: 'custom',
          path: [host],
          input: host,
          message: `expected a registry host such as "ghcr.io" or "127.0.0.1:5000" (no scheme, no path), got ${describeValue(host)}`,
        });
      }
    }
  });

// ---- [availability]: the owner's availability policy (src-shared/domain/availability) ----

const wallTime = (allowEndOfDay: boolean) =>
  str(allowEndOfDay ? 'a time "HH:MM" (00:00 to 24:00)' : 'a time "HH:MM" (00:00 to 23:59)').refine((v) => parseWallMinute(v, allowEndOfDay) !== null, {
    error: (iss) => `expected "HH:MM" on a 24-hour clock${allowEndOfDay ? ' (24:00 allowed as an end)' : ''}, got ${describeValue(iss.input)}`,
  });

const scheduleWindowSchema = table({
  days: z.array(z.enum(WEEKDAYS, expected(WEEKDAYS.map((d) => `"${d}"`).join(', '))), expected('an array of days such as ["mon", "tue"]'))
    .min(1, { error: 'expected at least one day (leave days out for every day)' })
    .default(() => [...WEEKDAYS]),
  start: wallTime(false),
  end: wallTime(true),
}).superRefine((w, ctx) => {
  const start = parseWallMinute(w.start);
  const end = parseWallMinute(w.end, true);
  if (start !== null && end !== null && start === end) {
    ctx.addIssue({ code: 'custom', path: ['end'], input: w.end, message: `must differ from start (${JSON.stringify(w.start)}); for a whole day write start = "00:00", end = "24:00"` });
  }
});

// RFC 3339 with an offset: a paused_until read back after a move to another zone means the same instant.
const RFC3339_WITH_OFFSET = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?([Zz]|[+-]\d{2}:\d{2})$/;
const pausedUntil = () =>
  z.preprocess(
    // A bare TOML date-time arrives as a Date, already an instant (one without an offset is read
    // in the machine's zone by the TOML parser); only strings are checked for their offset.
    (v) => (v instanceof Date && !Number.isNaN(v.getTime()) ? v.toISOString() : v),
    str('a date-time with an offset, such as "2026-11-22T14:30:00+01:00"').refine((v) => RFC3339_WITH_OFFSET.test(v) && !Number.isNaN(Date.parse(v.replace(' ', 'T'))), {
      error: (iss) => `expected a date-time with an offset, such as "2026-11-22T14:30:00+01:00" or "2026-11-22T13:30:00Z", got ${describeValue(iss.input)}`,
    }),
  );

const temperature = () => intIn('a temperature in °C (30 to 110)', 30, 110);

function availabilitySchema() {
  return table({
    mode: z.enum(AVAILABILITY_MODES, expected('"online" or "paused"')).default('online'),
    paused_until: pausedUntil().optional(),
    timezone: str('an IANA time zone such as "Europe/Berlin"').refine(isKnownTimeZone, {
      error: (iss) => `expected an IANA time zone such as "Europe/Berlin" or "America/New_York", got ${describeValue(iss.input)}`,
    }).optional(),
    schedule: z.array(scheduleWindowSchema, expected('an array of tables ([[availability.schedule]])')).default(() => []),
    idle_only: bool().default(false),
    idle_minutes: intIn('a whole number of minutes (1 to 1440)', 1, 1440).default(DEFAULT_IDLE_MINUTES),
    game_mode: bool().default(false),
    game_processes: strList().default(() => []),
    pause_on_fullscreen: bool().default(true),
    thermal_pause_c: temperature().optional(),
    thermal_resume_c: temperature().optional(),
    cpu_thermal_pause_c: temperature().optional(),
    cpu_thermal_resume_c: temperature().optional(),
    power_limit_w: intIn('a power limit in watts (1 to 5000)', 1, 5000).optional(),
    on_pause: z.enum(ON_PAUSE_CHOICES, expected('"finish" or "cancel"')).default('finish'),
    unload_models_on_pause: bool().default(false),
    exclude_gpus: strList().default(() => []),
  })
    .superRefine((a, ctx) => {
      for (const [pause, resume] of [['thermal_pause_c', 'thermal_resume_c'], ['cpu_thermal_pause_c', 'cpu_thermal_resume_c']] as const) {
        const p = a[pause];
        const r = a[resume];
        if (r !== undefined && p === undefined) ctx.addIssue({ code: 'custom', path: [resume], input: r, message: `needs ${pause} as well (the temperature to pause at)` });
        if (r !== undefined && p !== undefined && r >= p) ctx.addIssue({ code: 'custom', path: [resume], input: r, message: `${resume} must be below ${pause} (${p}), got ${r}` });
      }
    })
    .prefault({});
}

export const islandConfigSchema = table({
  /** Top level, as in the Rust Island; `[host] host_id` is moved here (with a warning) before parsing. */
  host_id: hostIdSchema.optional(),
  host: table({ region: str().optional(), name: str().optional() }).prefault({}),
  // prefault({}) so that a missing [coordinator] is reported as the missing nats_url it implies.
  coordinator: z.preprocess((v) => (v === undefined ? {} : v), table({ nats_url: natsUrlSchema, api_url: httpUrl().optional() })),
  docker: table({ socket: str().optional() }).prefault({}),
  workload: table({
    llm_chat_image: str().default(DEFAULT_LLM_CHAT_IMAGE),
    gpu_devices: strList().optional(),
    resource_limits: table({
      memory_mb: uint().default(8192),
      read_only_rootfs: bool().default(true),
      tmpfs_size_mb: uint().default(256),
      cpu_percent: uint().optional(),
      network_disabled: bool().default(true),
    }).prefault({}),
  }).prefault({}),
  cache: table({
    enable_preload: bool().default(false),
    preload_images: strList().default(() => []),
    max_cached_images: uint().default(20),
    warm_ttl_seconds: uint().default(3600),
    /** Ours: size cap for the images the Island pulled itself (the Rust Island never removes images). */
    max_cache_gb: uint().default(DEFAULT_IMAGE_CACHE_GB),
  }).prefault({}),
  // Quirk 9 kept on purpose: an owner who writes a [signing] table means "sign", so `enabled`
  // defaults to true inside it; no table at all means signing is off.
  signing: table({
    enabled: bool().default(true),
    require_signature: bool().default(false),
    trusted_keys: z.array(trustedKeySchema, expected('an array of tables ([[signing.trusted_keys]])')).default(() => []),
    keys_url: httpUrl().optional(),
    unsigned_allowed_registries: strList().default(() => []),
    key_cache_path: str('a file path').optional(),
  }).prefault({ enabled: false }),
  registry: table({
    enabled: bool().default(true),
    /** Empty means DEFAULT_REGISTRY_ALLOWLIST (§6.4); see effectiveRegistryAllowlist. */
    allowed: strList().default(() => []),
    require_digest: bool().default(false),
    /** Ours: private-registry logins keyed by `host[:port]` (quirk 19: the Rust Island pulls anonymously). */
    auth: registryLogins().prefault({}),
  }).prefault({}),
  model_cache: table({
    max_cache_gb: uint().default(20),
    /** Unset means `<island home>/model-cache`. */
    cache_dir: str('a directory path').optional(),
    /** Unset falls back to env HF_TOKEN (see resolveRuntimeSettings). */
    hf_token: str().optional(),
  }).prefault({}),
  preload: table({
    enabled: bool().default(true),
    models: strList().default(() => []),
  }).prefault({}),
  pricing: table({
    default_price: str('a price string such as "1.0"').optional(),
    workloads: z.record(z.string(), str('a price string such as "2.0"'), expected('a table of Cargo slug = "price"')).prefault({}),
  }).prefault({}),
  jobs: table({
    /** Unset: derived from the hardware by the job engine. */
    max_concurrent: posInt().optional(),
    drain_timeout_seconds: uint().default(DEFAULT_DRAIN_TIMEOUT_SECONDS),
  }).prefault({}),
  dashboard: table({
    enabled: bool().default(true),
    /** 0 picks a free port. */
    port: intIn('a port number (0 to 65535)', 0, 65535).default(DEFAULT_DASHBOARD_PORT),
  }).prefault({}),
  availability: availabilitySchema(),
});

export type IslandConfig = z.output<typeof islandConfigSchema>;
export type TrustedKeyConfig = IslandConfig['signing']['trusted_keys'][number];
export type RegistryAuthConfig = IslandConfig['registry']['auth'][string];

/** The config an Island runs with when its file holds only the defaults (the generated template). */
export function defaultConfig(): IslandConfig {
  return islandConfigSchema.parse({ coordinator: { nats_url: DEFAULT_NATS_URL } });
}

/** The registry allowlist in force: `[registry] allowed = []` means the built-in defaults (§6.4). */
export function effectiveRegistryAllowlist(config: IslandConfig): readonly string[] {
  return config.registry.allowed.length > 0 ? config.registry.allowed : DEFAULT_REGISTRY_ALLOWLIST;
}
