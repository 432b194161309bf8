// The agent side of the dashboard API: answers every method from the real Island and turns the
// Island's, the runtimes' and the logger's events into ApiEvents for every connected dashboard.
// Transport-free: the headless WebSocket server and the Electron IPC bridge both call handle() and
// subscribe().
import { statfs } from 'node:fs/promises';
import os from 'node:os';
import type { ApiEvent } from '../../../src-shared/api/events';
import type { ResponseFrame } from '../../../src-shared/api/frames';
import type { HardwareInfo, StatusView } from '../../../src-shared/api/views';
import type { IslandConfig } from '../../../src-shared/config/schema';
import type { GpuInventoryEntry } from '../../../src-shared/domain/nvidia-smi';
import { CoordinatorHttpApi } from '../coordinator/http-api';
import type { IslandEvent } from '../island-snapshot';
import type { Logger } from '../log/logger';
import { SystemSampler } from '../metrics/system-sampler';
import { AvailabilityControl } from './availability';
import { emptyCacheSource, type CacheSource } from './cache-source';
import { ConfigStore } from './config-store';
import { answerFrame, type ApiHandlers } from './dispatch';
import { DownloadTracker } from './downloads';
import { ApiEventHub, type EventSink } from './event-hub';
import { createHandlers } from './handlers';
import { hardwareInfo, type HostDescription } from './hardware-info';
import type { IslandPort } from './island-port';
import { JobFeed } from './job-feed';
import type { LogRing } from './log-ring';
import { MarketRates } from './market-rates';
import { MetricsSampler, type SystemReading } from './metrics-sampler';
import { PricesService } from './prices';
import type { PriceableCargo } from './prices-view';
import { statusView } from './status-view';
import { pricesAboveMarket } from '../alerts/market-hints';

export interface IslandApiServiceOptions {
  island: IslandPort;
  /** config.toml: read for the settings page, edited by prices, availability and settings. */
  configPath: string;
  config: IslandConfig;
  log: Logger;
  logs: LogRing;
  /** The Cargo catalog (src-shared/domain/catalog `knownCargos()`), when this build has it. */
  catalog?: () => readonly PriceableCargo[];
  models?: CacheSource;
  images?: CacheSource;
  /** The disk whose free space the storage page shows (the Island's home). */
  diskPath: string;
  /** Every GPU with its name and UUID (nvidia-smi's inventory query), when it can be had. */
  gpuInventory?: () => Promise<GpuInventoryEntry[] | null>;
  fetch?: typeof fetch;
  httpTimeoutMs?: number;
  readSystem?: () => SystemReading;
  host?: HostDescription;
  metricsIntervalMs?: number;
  now?: () => number;
}

const GIB = 1024 ** 3;
const STATUS_COALESCE_MS = 100;

export class IslandApiService {
  private readonly hub = new ApiEventHub();
  private readonly handlers: ApiHandlers;
  private readonly config: ConfigStore;
  private readonly availability: AvailabilityControl;
  private readonly prices: PricesService;
  private readonly market: MarketRates;
  private readonly jobs: JobFeed;
  private readonly downloads: DownloadTracker;
  private readonly metrics: MetricsSampler;
  private readonly startedAt: number;
  private readonly now: () => number;
  private readonly host: HostDescription;
  private hardwareNow: HardwareInfo;
  private client: { url: string; api: CoordinatorHttpApi } | null = null;
  private statusTimer: NodeJS.Timeout | null = null;
  private readonly unsubscribe: Array<() => void> = [];

  constructor(private readonly o: IslandApiServiceOptions) {
    this.now = o.now ?? Date.now;
    this.startedAt = this.now();
    const log = o.log;
    this.config = new ConfigStore(o.configPath, o.config);
    this.host = o.host ?? { cpuModel: os.cpus()[0]?.model ?? null, os: `${os.type()} ${os.release()} ${os.arch()}` };
    this.hardwareNow = hardwareInfo(o.island.capabilities, this.host, { metrics: null, inventory: null }, o.config.workload.gpu_devices);
    const publish = (e: ApiEvent) => this.hub.publish(e);
    const watched = () => this.hub.count > 0;
    this.market = new MarketRates(() => this.coordinatorApi(), log, this.now);
    this.availability = new AvailabilityControl(o.island, this.config, log, this.now);
    this.prices = new PricesService({
      island: o.island,
      config: this.config,
      market: this.market,
      api: () => this.coordinatorApi(),
      catalog: o.catalog ?? (() => []),
      log,
      publish,
      now: this.now,
    });
    this.jobs = new JobFeed(o.island.ledger, publish, watched);
    this.downloads = new DownloadTracker(this.now);
    this.metrics = new MetricsSampler({
      readSystem: o.readSystem ?? defaultSystemReader(o.diskPath),
      readGpus: () => o.island.gpu.metrics(),
      onSample: (sample) => publish({ type: 'metrics', sample }),
      ...(o.metricsIntervalMs !== undefined ? { intervalMs: o.metricsIntervalMs } : {}),
      now: this.now,
    });
    const storage = {
      models: o.models ?? emptyCacheSource('model', o.config.model_cache.max_cache_gb * GIB),
      images: o.images ?? emptyCacheSource('image', o.config.cache.max_cache_gb * GIB),
      downloads: this.downloads,
      diskFree: () => diskFree(o.diskPath),
    };
    this.handlers = createHandlers({
      island: o.island,
      config: this.config,
      availability: this.availability,
      prices: this.prices,
      karma: () => this.coordinatorApi(),
      jobs: this.jobs,
      storage,
      metrics: this.metrics,
      hardware: () => this.refreshHardware(),
      logs: o.logs,
      status: () => this.status(),
      apiUrlChanged: () => this.market.reset(),
      now: this.now,
    });
    this.unsubscribe.push(
      o.island.on((e) => this.onIslandEvent(e)),
      o.logs.onEntry((entry) => publish({ type: 'log', entry })),
      // Hardware samples cost CPU: take them only while someone looks.
      this.hub.onCount((n) => (n > 0 ? this.metrics.start() : this.metrics.stop())),
    );
    void this.refreshHardware().catch(() => undefined);
    // The "no jobs" alert names prices above the market rate and a low karma when the API can tell.
    o.island.alerts?.setSources({
      market: async () => {
        const api = this.coordinatorApi();
        const [rates, karma] = await Promise.all([this.market.current(), api ? api.karma(o.island.hostId).then((k) => k.karma, () => null) : null]);
        return { pricesAboveMarket: pricesAboveMarket(this.config.current.pricing, rates), karma };
      },
    });
  }

  /** Answers one request frame (a string off the WebSocket, or an object from IPC). */
  handle(raw: unknown): Promise<ResponseFrame> {
    return answerFrame(this.handlers, raw, this.o.log.child('api'));
  }

  /** A connected dashboard's event sink; call the returned function when it disconnects. */
  subscribe(sink: EventSink): () => void {
    return this.hub.subscribe(sink);
  }

  get subscribers(): number {
    return this.hub.count;
  }

  status(): StatusView {
    return statusView(this.o.island.snapshot(), {
      startedAt: this.startedAt,
      pausedUntil: this.availability.pausedUntil,
      apiUrl: this.config.current.coordinator.api_url ?? null,
      hardware: this.hardwareNow,
      tokensOf: (id) => this.jobs.tokensOf(id),
    });
  }

  /** Waits for asking-price posts under way. */
  settled(): Promise<void> {
    return this.prices.settled();
  }

  close(): void {
    for (const off of this.unsubscribe.splice(0)) off();
    this.metrics.stop();
    this.availability.close();
    this.jobs.close();
    if (this.statusTimer) clearTimeout(this.statusTimer);
    this.statusTimer = null;
  }

  private onIslandEvent(e: IslandEvent): void {
    if (e.type === 'snapshot') this.scheduleStatus();
    else if (e.type === 'job') this.jobs.handle(e.event);
    else if (e.type === 'preload') this.prices.noteRecommendation(e.rec);
    else if (e.type === 'alert') this.hub.publish({ type: 'alert', alert: e.alert });
    else {
      const download = this.downloads.apply(e.event);
      if (download) this.hub.publish({ type: 'download', download });
    }
  }

  /** Snapshots come in bursts (a job start is several); one status event per burst. */
  private scheduleStatus(): void {
    if (this.hub.count === 0 || this.statusTimer) return;
    this.statusTimer = setTimeout(() => {
      this.statusTimer = null;
      this.hub.publish({ type: 'status', status: this.status() });
    }, STATUS_COALESCE_MS);
  }

  private coordinatorApi(): CoordinatorHttpApi | null {
    const url = this.config.current.coordinator.api_url;
    if (!url) return null;
    if (this.client?.url !== url) {
      this.client = { url, api: new CoordinatorHttpApi({ baseUrl: url, ...(this.o.fetch ? { fetch: this.o.fetch } : {}), timeoutMs: this.o.httpTimeoutMs ?? 5_000 }) };
    }
    return this.client.api;
  }

  private async refreshHardware(): Promise<HardwareInfo> {
    const [metrics, inventory] = await Promise.all([this.o.island.gpu.metrics(), this.o.gpuInventory?.() ?? Promise.resolve(null)]);
    this.hardwareNow = hardwareInfo(this.o.island.capabilities, this.host, { metrics, inventory }, this.config.current.workload.gpu_devices);
    return this.hardwareNow;
  }
}

function defaultSystemReader(diskPath: string): () => SystemReading {
  // Its own sampler: CPU use is measured since the previous call, and the heartbeat has its own.
  const sampler = new SystemSampler({ diskPath });
  const MIB = 1024 * 1024;
  return () => {
    const total = os.totalmem();
    return { cpuPercent: sampler.cpuPercent(), ramUsedMb: Math.floor((total - os.freemem()) / MIB), ramTotalMb: Math.floor(total / MIB) };
  };
}

async function diskFree(path: string): Promise<number | null> {
  try {
    const s = await statfs(path);
    return s.bavail * s.bsize;
  } catch {
    return null;
  }
}
