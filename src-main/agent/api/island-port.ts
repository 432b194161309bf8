// What the API service needs of the Island. The real Island satisfies it as it is; unit tests pass
// a fake with a real ledger.
import type { GpuInventoryEntry } from '../../../src-shared/domain/nvidia-smi';
import type { PricingSettings } from '../../../src-shared/domain/pricing';
import type { GpuMetricsSnapshot, HostCapabilities } from '../../../src-shared/protocol/messages';
import type { AlertMonitor } from '../alerts/alert-monitor';
import type { AvailabilityController } from '../availability/availability-controller';
import type { PairingState } from '../coordinator/pairing';
import type { IslandEvent, IslandSnapshot } from '../island-snapshot';
import type { JobLedger } from '../ledger/job-ledger';

export interface IslandPort {
  readonly hostId: string;
  readonly ledger: JobLedger;
  readonly capabilities: HostCapabilities;
  readonly gpu: { metrics(): Promise<GpuMetricsSnapshot[] | null>; inventory?(): Promise<GpuInventoryEntry[] | null> };
  snapshot(): IslandSnapshot;
  on(fn: (e: IslandEvent) => void): () => void;
  pause(reason?: string): void;
  resume(): void;
  setPricing(pricing: PricingSettings): void;
  requestPairingCode(): Promise<PairingState>;
  /** The availability policy in force (the real Island has one; simple fakes may not). */
  readonly availability?: Pick<AvailabilityController, 'status' | 'setPolicy' | 'setManual'>;
  /** The owner's alerts; the service feeds it the market and karma hints. */
  readonly alerts?: Pick<AlertMonitor, 'setSources'>;
}
