// Every config key with its type, default and meaning: the one list that the default config.toml,
// the docs and the unknown-key check are generated from. The defaults themselves come from the
// schema (defaultConfig()), so this list cannot drift from what the Island actually uses; a unit
// test checks that it names exactly the schema's keys.
import { defaultConfig } from './schema';

/**
 * - `table`: a `[section]`; `table[]`: an array of tables (`[[section]]`), whose fields are listed
 *   as `<path>[].<field>`; `map`: a table with free-form keys (Cargo slug → price).
 */
export type ConfigKeyKind = 'string' | 'host_id' | 'url' | 'enum' | 'uint' | 'posint' | 'port' | 'bool' | 'string[]' | 'table' | 'table[]' | 'map';

export interface ConfigKeyInfo {
  /** Dotted path; fields of array-of-table items are written `signing.trusted_keys[].key_id`. */
  path: string;
  kind: ConfigKeyKind;
  /** Human type, as used in docs. */
  type: string;
  /** The value defaultConfig() holds here; `undefined` when the key is unset by default. */
  default: unknown;
  /** The default as docs show it (including "unset" and what unset means). */
  defaultText: string;
  /** One line: what the key does. */
  meaning: string;
  /** A value to show, commented out, for keys that are unset by default. */
  example?: unknown;
  /** `rust`: a key of the Rust Island (§5.2); `island-desktop`: ours. */
  origin: 'rust' | 'island-desktop';
  required?: boolean;
}

type KeySpec = Omit<ConfigKeyInfo, 'default' | 'defaultText' | 'origin'> & { defaultText?: string; ours?: boolean };

const SPECS: readonly KeySpec[] = [
  { path: 'host_id', kind: 'host_id', type: 'string', meaning: 'Fixed host id; unset means the id kept in state.json (created at first start)', example: 'my-island-01', defaultText: 'unset (state.json)' },
  { path: 'host', kind: 'table', type: 'table', meaning: 'How this Island describes itself' },
  { path: 'host.region', kind: 'string', type: 'string', meaning: 'Region reported to the coordinator (capabilities.region)', example: 'eu-west' },
  { path: 'host.name', kind: 'string', type: 'string', meaning: 'A name for this Island (local only, never sent)', example: 'my-gpu-box' },
  { path: 'coordinator', kind: 'table', type: 'table', meaning: 'Where the coordinator is' },
  { path: 'coordinator.nats_url', kind: 'url', type: 'NATS URL', required: true, meaning: 'NATS server, nats:// or tls://, may embed user:password@' },
  { path: 'coordinator.api_url', kind: 'url', type: 'URL', meaning: 'Coordinator HTTP API (recommendations, karma, market rates); unset disables those', example: 'https://api.archipelag.io' },
  { path: 'docker', kind: 'table', type: 'table', meaning: 'Docker engine' },
  { path: 'docker.socket', kind: 'string', type: 'string', meaning: 'Docker socket or host URL; env DOCKER_HOST wins; unset means the platform default', example: 'unix:///var/run/docker.sock' },
  { path: 'workload', kind: 'table', type: 'table', meaning: 'Container jobs' },
  { path: 'workload.llm_chat_image', kind: 'string', type: 'string', meaning: 'Image used when a container job names none' },
  { path: 'workload.gpu_devices', kind: 'string[]', type: 'array of strings', meaning: 'GPUs passed to containers; unset or empty means no GPU', example: ['0'] },
  { path: 'workload.resource_limits', kind: 'table', type: 'table', meaning: 'Limits for container jobs without a sandbox tier' },
  { path: 'workload.resource_limits.memory_mb', kind: 'uint', type: 'non-negative integer', meaning: 'Memory limit per container, in MiB' },
  { path: 'workload.resource_limits.read_only_rootfs', kind: 'bool', type: 'boolean', meaning: 'Mount the container root filesystem read-only' },
  { path: 'workload.resource_limits.tmpfs_size_mb', kind: 'uint', type: 'non-negative integer', meaning: 'Size of /tmp in MiB when the root filesystem is read-only' },
  { path: 'workload.resource_limits.cpu_percent', kind: 'uint', type: 'non-negative integer', meaning: 'CPU limit, 100 = one CPU; unset means no limit', example: 200 },
  { path: 'workload.resource_limits.network_disabled', kind: 'bool', type: 'boolean', meaning: 'Give containers no network' },
  { path: 'cache', kind: 'table', type: 'table', meaning: 'Container image cache' },
  { path: 'cache.enable_preload', kind: 'bool', type: 'boolean', meaning: 'Pull preload_images at startup' },
  { path: 'cache.preload_images', kind: 'string[]', type: 'array of strings', meaning: 'Images to pull at startup when enable_preload is true' },
  { path: 'cache.max_cached_images', kind: 'uint', type: 'non-negative integer', meaning: 'Most images the Island keeps that it pulled itself; the least recently used are removed' },
  { path: 'cache.warm_ttl_seconds', kind: 'uint', type: 'non-negative integer', meaning: 'How long a Cargo counts as warm after it ran, in seconds' },
  { path: 'cache.max_cache_gb', kind: 'uint', type: 'non-negative integer', ours: true, meaning: 'Most disk space, in GB, for images the Island pulled itself; the least recently used are removed' },
  { path: 'signing', kind: 'table', type: 'table', meaning: 'Image signature verification (cosign)' },
  { path: 'signing.enabled', kind: 'bool', type: 'boolean', meaning: 'Verify image signatures; if this table exists without this key, it is true', defaultText: 'true if [signing] exists, else false' },
  { path: 'signing.require_signature', kind: 'bool', type: 'boolean', meaning: 'Refuse images without a valid signature' },
  { path: 'signing.trusted_keys', kind: 'table[]', type: 'array of tables', meaning: 'Public keys trusted to sign images' },
  { path: 'signing.trusted_keys[].key_id', kind: 'string', type: 'string', required: true, meaning: 'Name of the key', example: 'archipelag-release' },
  { path: 'signing.trusted_keys[].public_key', kind: 'string', type: 'string', required: true, meaning: 'PEM-encoded public key', example: '-----BEGIN PUBLIC KEY-----...' },
  { path: 'signing.trusted_keys[].algorithm', kind: 'string', type: 'string', meaning: 'Signature algorithm', defaultText: '"ecdsa-p256"', example: 'ecdsa-p256' },
  { path: 'signing.trusted_keys[].issuer', kind: 'string', type: 'string', meaning: 'Who issued the key', example: 'archipelag.io' },
  { path: 'signing.keys_url', kind: 'url', type: 'URL', meaning: 'Where to fetch trusted keys from', example: 'https://archipelag.io/keys.json' },
  { path: 'signing.unsigned_allowed_registries', kind: 'string[]', type: 'array of strings', meaning: 'Registries or registry/namespace paths whose images may run unsigned (whole path segments, not a text prefix)' },
  { path: 'signing.key_cache_path', kind: 'string', type: 'path', meaning: 'File caching the fetched trusted keys; unset means <island home>/trusted-keys.json', example: '~/.island/trusted-keys.json' },
  { path: 'registry', kind: 'table', type: 'table', meaning: 'Which registries images may come from' },
  { path: 'registry.enabled', kind: 'bool', type: 'boolean', meaning: 'Enforce the registry allowlist' },
  { path: 'registry.allowed', kind: 'string[]', type: 'array of strings', meaning: 'Allowed registries or registry/namespace paths (whole path segments); empty means ghcr.io/archipelag-io, docker.io/archipelag, docker.io/library' },
  { path: 'registry.require_digest', kind: 'bool', type: 'boolean', meaning: 'Refuse images not pinned by @digest' },
  { path: 'registry.auth', kind: 'map', type: 'table of "host[:port]" = { username, password } or { identity_token }', ours: true, meaning: 'Private-registry logins, e.g. [registry.auth."ghcr.io"] username = "me", password = "..."; each is sent only to its own registry' },
  { path: 'model_cache', kind: 'table', type: 'table', meaning: 'Downloaded model files' },
  { path: 'model_cache.max_cache_gb', kind: 'uint', type: 'non-negative integer', meaning: 'Size cap of the model cache, in GB (least recently used files go first)' },
  { path: 'model_cache.cache_dir', kind: 'string', type: 'path', meaning: 'Model cache directory; unset means <island home>/model-cache', example: '~/.island/model-cache', defaultText: 'unset (~/.island/model-cache)' },
  { path: 'model_cache.hf_token', kind: 'string', type: 'string', meaning: 'Hugging Face token, sent only to Hugging Face; unset means env HF_TOKEN', example: 'hf_...', defaultText: 'unset (env HF_TOKEN)' },
  { path: 'preload', kind: 'table', type: 'table', meaning: 'Models fetched at startup' },
  { path: 'preload.enabled', kind: 'bool', type: 'boolean', meaning: 'Fetch starter models in the background at startup' },
  { path: 'preload.models', kind: 'string[]', type: 'array of strings', meaning: 'Models to fetch; empty means chosen from the hardware' },
  { path: 'pricing', kind: 'table', type: 'table', meaning: 'Asking prices, in credits per job, as decimal strings' },
  { path: 'pricing.default_price', kind: 'string', type: 'decimal string', meaning: 'Asking price for every Cargo without its own; unset means the Cargo default', example: '1.0' },
  { path: 'pricing.workloads', kind: 'map', type: 'table of slug = "price"', meaning: 'Asking price per Cargo slug', example: { 'llm-chat': '2.0', 'image-gen': '5.0' } },
  { path: 'jobs', kind: 'table', type: 'table', ours: true, meaning: 'Job engine' },
  { path: 'jobs.max_concurrent', kind: 'posint', type: 'positive integer', ours: true, meaning: 'Most jobs run at once; unset means derived from the hardware', example: 2, defaultText: 'unset (derived from hardware)' },
  { path: 'jobs.drain_timeout_seconds', kind: 'uint', type: 'non-negative integer', ours: true, meaning: 'On shutdown, how long running jobs may finish before they are cancelled' },
  { path: 'dashboard', kind: 'table', type: 'table', ours: true, meaning: 'Local dashboard (headless mode), on 127.0.0.1 only' },
  { path: 'dashboard.enabled', kind: 'bool', type: 'boolean', ours: true, meaning: 'Serve the dashboard' },
  { path: 'dashboard.port', kind: 'port', type: 'integer 0-65535', ours: true, meaning: 'Dashboard port; 0 picks a free one' },
  { path: 'availability', kind: 'table', type: 'table', ours: true, meaning: 'When this Island takes jobs: pause, schedule, idle-only, game mode, thermal guard, power cap' },
  { path: 'availability.mode', kind: 'enum', type: '"online" | "paused"', ours: true, meaning: '"paused" keeps the Island connected but takes no new jobs; it outranks every rule below' },
  { path: 'availability.paused_until', kind: 'string', type: 'date-time (a TOML date-time, or a string with an offset)', ours: true, meaning: 'With mode = "paused": go online again by itself at this time; ignored with mode = "online"', example: '2026-11-22T14:30:00+01:00' },
  { path: 'availability.timezone', kind: 'string', type: 'IANA time zone', ours: true, meaning: 'Time zone the schedule is read in; unset means the system time zone', example: 'Europe/Berlin', defaultText: 'unset (system time zone)' },
  { path: 'availability.idle_only', kind: 'bool', type: 'boolean', ours: true, meaning: 'Take jobs only after idle_minutes without keyboard or mouse input, and stop when you are back' },
  { path: 'availability.idle_minutes', kind: 'posint', type: 'integer 1-1440', ours: true, meaning: 'Minutes without input before an idle_only Island starts working' },
  { path: 'availability.game_mode', kind: 'bool', type: 'boolean', ours: true, meaning: 'Pause while a game_processes program runs (or a full-screen app is in front, see pause_on_fullscreen)' },
  { path: 'availability.game_processes', kind: 'string[]', type: 'array of strings', ours: true, meaning: 'Program names that pause the Island in game mode; any case, ".exe" optional' },
  { path: 'availability.pause_on_fullscreen', kind: 'bool', type: 'boolean', ours: true, meaning: 'In game mode, also pause while any full-screen app is in front (desktop only)' },
  { path: 'availability.thermal_pause_c', kind: 'uint', type: 'integer °C 30-110', ours: true, meaning: 'Pause when any offered GPU reaches this temperature; unset means no thermal guard', example: 85 },
  { path: 'availability.thermal_resume_c', kind: 'uint', type: 'integer °C 30-110', ours: true, meaning: 'Resume once every offered GPU is below this (must be below thermal_pause_c); unset means 10 below it', example: 75, defaultText: 'unset (thermal_pause_c - 10)' },
  { path: 'availability.cpu_thermal_pause_c', kind: 'uint', type: 'integer °C 30-110', ours: true, meaning: 'Pause when the CPU reaches this temperature; unset means no CPU guard', example: 95 },
  { path: 'availability.cpu_thermal_resume_c', kind: 'uint', type: 'integer °C 30-110', ours: true, meaning: 'Resume once the CPU is below this (must be below cpu_thermal_pause_c); unset means 10 below it', example: 85, defaultText: 'unset (cpu_thermal_pause_c - 10)' },
  { path: 'availability.power_limit_w', kind: 'posint', type: 'integer watts 1-5000', ours: true, meaning: 'Power cap applied to each offered GPU while jobs run; unset leaves the driver limit alone', example: 250 },
  { path: 'availability.on_pause', kind: 'enum', type: '"finish" | "cancel"', ours: true, meaning: 'When the Island pauses: let running jobs finish, or cancel them' },
  { path: 'availability.unload_models_on_pause', kind: 'bool', type: 'boolean', ours: true, meaning: 'When the Island pauses, unload models to free GPU memory' },
  { path: 'availability.exclude_gpus', kind: 'string[]', type: 'array of strings', ours: true, meaning: 'GPUs never offered (index or UUID), even if [workload] gpu_devices lists them', example: ['1'] },
  { path: 'availability.schedule', kind: 'table[]', type: 'array of tables', ours: true, meaning: 'Weekly windows when the Island may work; none means any time. Overlapping windows merge' },
  { path: 'availability.schedule[].days', kind: 'string[]', type: 'array of "mon".."sun"', ours: true, meaning: 'Days the window starts on; unset means every day', example: ['mon', 'tue', 'wed', 'thu', 'fri'], defaultText: 'every day' },
  { path: 'availability.schedule[].start', kind: 'string', type: '"HH:MM"', required: true, ours: true, meaning: 'Start, local time, 24-hour clock', example: '18:00' },
  { path: 'availability.schedule[].end', kind: 'string', type: '"HH:MM"', required: true, ours: true, meaning: 'End; at or before start means the next day ("22:00" to "06:00"); "24:00" is midnight', example: '23:30' },
];

function valueAt(root: unknown, path: string): unknown {
  if (path.includes('[]')) return undefined;
  let node = root;
  for (const part of path.split('.')) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string, unknown>)[part];
  }
  return node;
}

function formatDefault(value: unknown): string {
  if (value === undefined) return 'unset';
  return JSON.stringify(value);
}

let cached: readonly ConfigKeyInfo[] | undefined;

/** Every key, tables included, in file order. */
export function describeConfigKeys(): readonly ConfigKeyInfo[] {
  if (cached) return cached;
  const defaults = defaultConfig();
  cached = SPECS.map(({ ours, defaultText, ...spec }) => {
    const value = spec.path === 'signing.trusted_keys[].algorithm' ? 'ecdsa-p256' : valueAt(defaults, spec.path);
    const info: ConfigKeyInfo = {
      ...spec,
      default: spec.kind === 'table' ? undefined : value,
      defaultText: defaultText ?? (spec.required ? 'required' : spec.kind === 'table' ? '' : formatDefault(value)),
      origin: ours ? 'island-desktop' : 'rust',
    };
    return Object.freeze(info);
  });
  return cached;
}

/** `['workload','resource_limits','memory_mb']` or `['signing','trusted_keys',0,'key_id']` as TOML would name it. */
export function formatKeyPath(path: readonly (string | number)[]): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else {
      const shown = /^[A-Za-z0-9_-]+$/.test(part) ? part : JSON.stringify(part);
      out += out === '' ? shown : `.${shown}`;
    }
  }
  return out;
}
