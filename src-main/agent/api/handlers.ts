// Every method of the contract, answered from the real Island. The table's type makes the
// compiler name any method of src-shared/api/methods.ts that has no handler here.
import type { HardwareInfo, StatusView } from '../../../src-shared/api/views';
import { pairingView } from './status-view';
import type { AvailabilityControl } from './availability';
import { policyView, setPolicy } from './availability-policy';
import type { ConfigStore } from './config-store';
import type { ApiHandlers } from './dispatch';
import type { IslandPort } from './island-port';
import { dailyEarnings, jobView } from './jobs';
import type { JobFeed } from './job-feed';
import { karmaView, type KarmaSource } from './karma';
import type { LogRing } from './log-ring';
import type { MetricsSampler } from './metrics-sampler';
import type { PricesService } from './prices';
import { applySettings, needsRestart, settingsFieldOf, settingsView } from './settings';
import { freeStorage, storageView, type StorageDeps } from './storage';

export interface HandlerParts {
  island: IslandPort;
  config: ConfigStore;
  availability: AvailabilityControl;
  prices: PricesService;
  karma: () => KarmaSource | null;
  jobs: JobFeed;
  storage: StorageDeps;
  metrics: MetricsSampler;
  hardware: () => Promise<HardwareInfo>;
  logs: LogRing;
  status: () => StatusView;
  /** The api_url in config changed: drop what was fetched from the old one. */
  apiUrlChanged: () => void;
  now: () => number;
}

export function createHandlers(p: HandlerParts): ApiHandlers {
  return {
    'status.get': async () => p.status(),
    'availability.set': async ({ mode, forMinutes }) => {
      await p.availability.set(mode, forMinutes);
      return p.status();
    },
    'availability.get': async () => policyView(p.config.current, p.status().availability),
    'availability.setPolicy': (params) => setPolicy(p.island, p.config, params, () => p.status().availability),
    'prices.get': () => p.prices.view(),
    'prices.set': ({ slug, price }) => p.prices.set(slug, price),
    'prices.setDefault': ({ price }) => p.prices.setDefault(price),
    'karma.get': () => karmaView(p.karma(), p.island.hostId, p.island.ledger),
    'jobs.history': async ({ limit, before }) => p.island.ledger.history(limit, before).map((row) => jobView(row, p.jobs.tokensOf(row.job_id))),
    'earnings.daily': async ({ days }) => dailyEarnings(p.island.ledger, days, p.now()),
    'pairing.refresh': async () => pairingView(await p.island.requestPairingCode()),
    'storage.get': () => storageView(p.storage),
    'storage.free': (params) => freeStorage(p.storage, params),
    'hardware.get': async () => {
      const [info, samples] = await Promise.all([p.hardware(), p.metrics.samples()]);
      return { info, samples };
    },
    'logs.get': async (q) => p.logs.query(q),
    'settings.get': async () => settingsView(p.config.current, p.config.path),
    'settings.set': async (params) => {
      const before = p.config.current;
      const { config } = await p.config.patch((c) => applySettings(c, params), settingsFieldOf);
      if (before.coordinator.api_url !== config.coordinator.api_url) p.apiUrlChanged();
      return { settings: settingsView(config, p.config.path), restartRequired: needsRestart(before, config) };
    },
  };
}
