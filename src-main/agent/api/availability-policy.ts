// The dashboard's availability policy page: `[availability]` as config.toml holds it, and what
// it decides now. A change is written through patch-config (comments kept, the schema names a bad
// key) and the running Island applies it at once; only the GPUs offered wait for a restart
// (they are fixed when the Island registers).
import type { ApiParams } from '../../../src-shared/api/methods';
import type { AvailabilityPolicyView, AvailabilityView } from '../../../src-shared/api/views';
import type { IslandConfig } from '../../../src-shared/config/schema';
import { policyFromConfig } from '../../../src-shared/domain/availability/index';
import { ApiFailure } from './api-failure';
import type { ConfigStore } from './config-store';
import type { IslandPort } from './island-port';

type PolicyParams = ApiParams<'availability.setPolicy'>;

export function policyView(config: IslandConfig, status: AvailabilityView, restartRequired = false): AvailabilityPolicyView {
  return { settings: config.availability, status, restartRequired };
}

export function applyPolicyParams(c: IslandConfig, p: PolicyParams): IslandConfig {
  const next = structuredClone(c);
  const a = next.availability as Record<string, unknown>;
  for (const [key, value] of Object.entries(p)) {
    if (value === undefined) continue;
    if (value === null) delete a[key];
    else a[key] = value;
  }
  return next;
}

export async function setPolicy(island: IslandPort, config: ConfigStore, p: PolicyParams, status: () => AvailabilityView): Promise<AvailabilityPolicyView> {
  if (!island.availability) throw new ApiFailure('not-available', 'this Island has no availability controller');
  const before = config.current;
  const { config: after } = await config.patch((c) => applyPolicyParams(c, p), (key) => (key.startsWith('availability.') ? `params.${key.slice('availability.'.length)}` : undefined));
  island.availability.setPolicy(policyFromConfig(after.availability, after.workload));
  const gpusChanged = JSON.stringify(before.availability.exclude_gpus) !== JSON.stringify(after.availability.exclude_gpus);
  return policyView(after, status(), gpusChanged);
}
