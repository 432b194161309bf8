// The owner's settings as the dashboard edits them: which config.toml key each field is, the view
// (the NATS URL never shows its credentials), and the edit. Only `apiUrl` takes effect at once;
// the others are read when the Island starts, so changing them asks for a restart.
import type { ApiParams } from '../../../src-shared/api/methods';
import type { SettingsView } from '../../../src-shared/api/views';
import type { IslandConfig } from '../../../src-shared/config/schema';
import { parseNatsUrl } from '../../../src-shared/protocol/nats-url';

type SettingsParams = ApiParams<'settings.set'>;
type Field = keyof SettingsParams;

/** The config.toml key behind each field, to name the field when the schema refuses a value. */
export const SETTINGS_KEYS: Record<Field, string> = {
  natsUrl: 'coordinator.nats_url',
  apiUrl: 'coordinator.api_url',
  memoryMb: 'workload.resource_limits.memory_mb',
  cpuPercent: 'workload.resource_limits.cpu_percent',
  networkDisabled: 'workload.resource_limits.network_disabled',
  maxConcurrentJobs: 'jobs.max_concurrent',
  modelCacheGb: 'model_cache.max_cache_gb',
  imageCacheGb: 'cache.max_cache_gb',
  gpuDevices: 'workload.gpu_devices',
};

const LIVE_FIELDS: ReadonlySet<Field> = new Set(['apiUrl']);

export function settingsFieldOf(configKey: string): string | undefined {
  const hit = (Object.entries(SETTINGS_KEYS) as Array<[Field, string]>).find(([, key]) => configKey === key || configKey.startsWith(`${key}.`));
  return hit ? `params.${hit[0]}` : undefined;
}

export function settingsView(c: IslandConfig, configPath: string): SettingsView {
  const nats = parseNatsUrl(c.coordinator.nats_url);
  return {
    natsUrl: nats.url,
    natsHasCredentials: nats.user !== null,
    apiUrl: c.coordinator.api_url ?? null,
    memoryMb: c.workload.resource_limits.memory_mb,
    cpuPercent: c.workload.resource_limits.cpu_percent ?? null,
    networkDisabled: c.workload.resource_limits.network_disabled,
    maxConcurrentJobs: c.jobs.max_concurrent ?? null,
    modelCacheGb: c.model_cache.max_cache_gb,
    imageCacheGb: c.cache.max_cache_gb,
    gpuDevices: c.workload.gpu_devices ?? null,
    configPath,
  };
}

/** The config with the given fields changed (a copy); untouched fields stay as they are. */
export function applySettings(c: IslandConfig, p: SettingsParams): IslandConfig {
  const next = structuredClone(c);
  const limits = next.workload.resource_limits;
  // The dashboard shows the URL without credentials; sent back unchanged it must not lose them.
  if (p.natsUrl !== undefined && p.natsUrl !== parseNatsUrl(c.coordinator.nats_url).url) next.coordinator.nats_url = p.natsUrl.trim();
  if (p.apiUrl !== undefined) next.coordinator.api_url = p.apiUrl === null || p.apiUrl.trim() === '' ? undefined : p.apiUrl.trim();
  if (p.memoryMb !== undefined) limits.memory_mb = p.memoryMb;
  if (p.cpuPercent !== undefined) limits.cpu_percent = p.cpuPercent ?? undefined;
  if (p.networkDisabled !== undefined) limits.network_disabled = p.networkDisabled;
  if (p.maxConcurrentJobs !== undefined) next.jobs.max_concurrent = p.maxConcurrentJobs ?? undefined;
  if (p.modelCacheGb !== undefined) next.model_cache.max_cache_gb = p.modelCacheGb;
  if (p.imageCacheGb !== undefined) next.cache.max_cache_gb = p.imageCacheGb;
  if (p.gpuDevices !== undefined) next.workload.gpu_devices = p.gpuDevices ?? undefined;
  return next;
}

/** True when a setting that is only read at start-up changed between the two configs. */
export function needsRestart(before: IslandConfig, after: IslandConfig): boolean {
  const a = settingsView(before, '');
  const b = settingsView(after, '');
  if (before.coordinator.nats_url !== after.coordinator.nats_url) return true;
  return (Object.keys(SETTINGS_KEYS) as Field[]).some(
    (f) => f !== 'natsUrl' && !LIVE_FIELDS.has(f) && JSON.stringify(a[f as keyof SettingsView]) !== JSON.stringify(b[f as keyof SettingsView]),
  );
}
