// CPU, RAM and GPU samples for the dashboard's hardware charts: one every 5 s into a ring of the
// last 30 min. It runs only while a dashboard is connected (the Island's idle CPU budget is < 1 %);
// the ring keeps what was sampled before, and a fresh sample is taken on demand when it is stale.
import type { GpuSample, MetricsSample } from '../../../src-shared/api/views';
import type { GpuMetricsSnapshot } from '../../../src-shared/protocol/messages';

export interface SystemReading {
  cpuPercent: number;
  ramUsedMb: number;
  ramTotalMb: number;
}

export interface MetricsSamplerOptions {
  readSystem: () => SystemReading;
  readGpus: () => Promise<GpuMetricsSnapshot[] | null>;
  onSample: (sample: MetricsSample) => void;
  intervalMs?: number;
  capacity?: number;
  now?: () => number;
}

export class MetricsSampler {
  private readonly ring: MetricsSample[] = [];
  private timer: NodeJS.Timeout | null = null;
  private inFlight: Promise<MetricsSample> | null = null;
  private readonly intervalMs: number;
  private readonly capacity: number;
  private readonly now: () => number;

  constructor(private readonly opts: MetricsSamplerOptions) {
    this.intervalMs = opts.intervalMs ?? 5_000;
    this.capacity = opts.capacity ?? 360;
    this.now = opts.now ?? Date.now;
  }

  get running(): boolean {
    return this.timer !== null;
  }

  start(): void {
    if (this.timer) return;
    void this.sampleNow();
    this.timer = setInterval(() => void this.sampleNow(), this.intervalMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** Oldest first; takes one first when the newest is older than the interval. */
  async samples(): Promise<MetricsSample[]> {
    const last = this.ring[this.ring.length - 1];
    if (!last || this.now() - last.at > this.intervalMs) await this.sampleNow();
    return [...this.ring];
  }

  /** One sample (concurrent callers share it), stored and announced. */
  sampleNow(): Promise<MetricsSample> {
    this.inFlight ??= this.take().finally(() => {
      this.inFlight = null;
    });
    return this.inFlight;
  }

  private async take(): Promise<MetricsSample> {
    const system = this.opts.readSystem();
    const gpus = await this.opts.readGpus().catch(() => null);
    const sample: MetricsSample = {
      at: this.now(),
      cpuPercent: Math.round(system.cpuPercent * 10) / 10,
      ramUsedMb: system.ramUsedMb,
      ramTotalMb: system.ramTotalMb,
      gpus: (gpus ?? []).map(gpuSample),
    };
    this.ring.push(sample);
    if (this.ring.length > this.capacity) this.ring.splice(0, this.ring.length - this.capacity);
    this.opts.onSample(sample);
    return sample;
  }
}

function gpuSample(g: GpuMetricsSnapshot): GpuSample {
  return {
    index: g.index,
    utilizationPercent: g.utilization_percent,
    temperatureC: g.temperature_c,
    memoryUsedMb: g.memory_used_mb,
    powerW: g.power_draw_w,
  };
}
