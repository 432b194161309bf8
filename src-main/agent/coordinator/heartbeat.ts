// The enhanced heartbeat (§3.3): the first at once, then every 10 s. Collection never blocks
// the event loop (async nvidia-smi and statfs) and never waits long for the RTT ping.
import type {
  CacheMetricsSnapshot,
  EnhancedHeartbeat,
  GpuMetricsSnapshot,
  HostCapabilities,
  SystemMetricsSnapshot,
} from '../../../src-shared/protocol/messages';
import { computePerformanceEstimates } from '../../../src-shared/domain/perf-estimates';
import { encodeHeartbeat } from '../../../src-shared/protocol/encode';
import type { Logger } from '../log/logger';

export interface HeartbeatSources {
  hostId: string;
  version: string;
  capabilities: HostCapabilities;
  /** `online` while taking jobs; the value the coordinator sees. */
  status(): string;
  activeJobs(): number;
  system(): Promise<SystemMetricsSnapshot>;
  gpus(): Promise<GpuMetricsSnapshot[] | null>;
  cache(): CacheMetricsSnapshot;
  supportedRuntimes(): string[];
  /** The admission limit, advertised as `max_concurrent_containers`. */
  maxConcurrentJobs(): number;
  askingPrices(): Record<string, string> | undefined;
  rttMs(): Promise<number | undefined>;
}

export async function buildHeartbeat(src: HeartbeatSources, now: number = Date.now()): Promise<EnhancedHeartbeat> {
  const [system, gpus, rtt] = await Promise.all([src.system(), src.gpus(), src.rttMs()]);
  const prices = src.askingPrices();
  return {
    host_id: src.hostId,
    status: src.status(),
    active_jobs: src.activeJobs(),
    timestamp: now,
    agent_version: src.version,
    system,
    ...(gpus ? { gpus } : {}),
    cache: src.cache(),
    performance_estimates: computePerformanceEstimates(
      src.capabilities,
      src.supportedRuntimes(),
      { maxConcurrentJobs: src.maxConcurrentJobs(), ...(rtt === undefined ? {} : { natsRttMs: rtt }) },
    ),
    ...(prices ? { asking_prices: prices } : {}),
  };
}

export class HeartbeatLoop {
  private timer: NodeJS.Timeout | null = null;
  private sending: Promise<void> | null = null;

  constructor(
    private readonly sources: HeartbeatSources,
    private readonly publish: (payload: string) => boolean,
    private readonly log: Logger,
    private readonly intervalMs = 10_000,
  ) {}

  start(): void {
    if (this.timer) return;
    void this.beat();
    this.timer = setInterval(() => void this.beat(), this.intervalMs);
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** Sends one heartbeat now (e.g. right after a price or availability change). */
  beat(): Promise<void> {
    // A slow collection never stacks up a second one behind it.
    if (this.sending) return this.sending;
    this.sending = (async () => {
      try {
        const hb = await buildHeartbeat(this.sources);
        this.publish(encodeHeartbeat(hb));
      } catch (err) {
        this.log.error('could not build the heartbeat', { error: String(err) });
      } finally {
        this.sending = null;
      }
    })();
    return this.sending;
  }
}
