// The coordinator's state and rules, without transports: NATS (inbound.ts) and HTTP
// (http-routes.ts) both talk to this. It connects the books: a terminal status moves karma, a
// dispatch clears a price, heartbeats decide who is online and who supplies the market.
import type { EnhancedHeartbeat, JobImageOutput, JobOutput, JobProgress, JobStatus, LeaseRenewal, PairingRequest, RegisterHost } from '../../../src-shared/protocol/messages';
import { encodePairingResponse } from '../../../src-shared/protocol/encode';
import type { KarmaResponse, MarketRate, NetworkStatsResponse } from './api-types';
import type { Clock } from './clock';
import { HostBook } from './host-book';
import type { InboundHandlers } from './inbound';
import { JobBook, type NewJob, type Origin } from './job-book';
import { DOCS_KARMA_RULES, isMonetizationUnlocked, successRate, type KarmaRules } from './karma';
import { MarketBook, type SupplyView } from './market-book';
import { roundCredits } from './market';
import { PairingDesk, type PairingOptions } from './pairing';
import type { HostRecord, HttpRequestRecord, PreloadInput, Received, UpdateInfoInput, UpdateQuery, Violation } from './types';
import { Waiters } from './waiters';

export interface CoreConfig {
  clock: Clock;
  heartbeatIntervalMs: number;
  offlineAfterMissed: number;
  minutesPerJobMs: number;
  karmaRules: KarmaRules;
  cargoPrices: Record<string, number>;
  defaultCargoPrice: number;
  rateWindowMs: number;
  snapshotIntervalMs: number;
  surgeHoldMs: number;
  pairing: PairingOptions;
}

export class CoordinatorCore implements InboundHandlers {
  readonly violations: Violation[] = [];
  readonly httpRequests: HttpRequestRecord[] = [];
  readonly updateChecks: Received<UpdateQuery>[] = [];
  readonly waiters = new Waiters();
  readonly hosts: HostBook;
  readonly jobs: JobBook;
  readonly market: MarketBook;
  readonly pairingDesk: PairingDesk;
  recommendations: { all: PreloadInput[]; byHost: Map<string, PreloadInput[]> } = { all: [], byHost: new Map() };
  updateInfo: ((q: UpdateQuery) => UpdateInfoInput) | null = null;

  constructor(private readonly cfg: CoreConfig) {
    this.hosts = new HostBook({ heartbeatIntervalMs: cfg.heartbeatIntervalMs, offlineAfterMissed: cfg.offlineAfterMissed, karmaRules: cfg.karmaRules });
    this.market = new MarketBook(cfg);
    this.pairingDesk = new PairingDesk(cfg.pairing);
    this.jobs = new JobBook({
      violation: (v) => this.violation(v),
      terminal: (job, state, error, durationMs, at) => {
        if (state === 'succeeded') this.hosts.creditSuccess(job.hostId, durationMs * cfg.minutesPerJobMs, job.jobId, at);
        // The Island's container and WASM timeouts are reported as failures whose text starts
        // with "Timeout:" (island-protocol.md §4.10); they cost what an expired lease costs.
        else if (state === 'failed') {
          const timeout = error?.startsWith('Timeout') ?? false;
          this.hosts.penalize(job.hostId, timeout ? 'timeout' : 'failure', `job ${job.jobId} ${timeout ? 'timed out' : 'failed'}`, at);
        }
      },
      leaseExpired: (job, at) => this.hosts.penalize(job.hostId, 'timeout', `job ${job.jobId} lease expired`, at),
    });
  }

  now(): number {
    return this.cfg.clock.now();
  }

  violation(v: Violation): void {
    this.violations.push(v);
  }

  changed(): void {
    this.waiters.notify();
  }

  // ------------------------------------------------------------ NATS inbound

  register(m: RegisterHost, from: Origin): void {
    this.hosts.register(m, from.at, from.raw);
  }
  heartbeat(m: EnhancedHeartbeat, from: Origin): void {
    this.hosts.heartbeat(m, from.at, from.raw);
  }
  status(m: JobStatus, from: Origin): void {
    this.jobs.status(m, from);
  }
  output(m: JobOutput, from: Origin): void {
    this.jobs.output(m, from);
  }
  progress(m: JobProgress, from: Origin): void {
    this.jobs.progress(m, from);
  }
  image(m: JobImageOutput, from: Origin): void {
    this.jobs.image(m, from);
  }
  lease(m: LeaseRenewal, from: Origin): void {
    this.jobs.lease(m, from);
  }
  pairing(m: PairingRequest, from: Origin): string | null {
    this.hosts.pairingRequest(m.host_id, from.at);
    const answer = this.pairingDesk.answer(m.host_id, from.at);
    return answer === null ? null : encodePairingResponse(answer);
  }
  ping(from: Origin): void {
    this.hosts.ping(from.hostId, from.at);
  }

  // ------------------------------------------------------------ jobs and the market

  /** Record a job before it is published, so an instant reply never meets an unknown job. */
  addJob(job: Omit<NewJob, 'clearingPrice' | 'priceSource' | 'bid'>, bid: number | undefined): void {
    const { price, source } = this.market.priceFor(this.hosts.askingPrices(job.hostId), job.workloadSlug);
    // No explicit bid means the consumer took the ask (the bid covered it, §3.2).
    const b = bid ?? price;
    this.jobs.add({ ...job, clearingPrice: price, priceSource: source, bid: b });
    this.market.recordClearing(job.workloadSlug, job.dispatchedAt, price, b);
  }

  supply(now: number): SupplyView[] {
    return this.hosts
      .ids()
      .filter((id) => this.hosts.isOnline(id, now))
      .map((id) => {
        const hb = this.hosts.latestHeartbeat(id);
        const max = hb?.performance_estimates?.max_concurrent_containers ?? 1;
        return { askingPrices: this.hosts.askingPrices(id) ?? {}, hasCapacity: (hb?.active_jobs ?? 0) < max };
      });
  }

  marketRates(now = this.now()): MarketRate[] {
    return this.market.rates(now, this.supply(now), this.jobs.queuedBySlug());
  }

  marketRate(slug: string, now = this.now()): MarketRate | undefined {
    const supply = this.supply(now);
    const queued = this.jobs.queuedBySlug();
    return this.market.slugs(supply, queued).includes(slug) ? this.market.rate(slug, now, supply, queued) : undefined;
  }

  snapshotMarket(now = this.now()): void {
    this.market.snapshot(now, this.marketRates(now));
  }

  /** Periodic work: expire leases, take a snapshot when one is due. */
  tick(): void {
    const now = this.now();
    const expired = this.jobs.expireLeases(now);
    const last = this.market.lastSnapshotAt;
    if (last === null || now - last >= this.cfg.snapshotIntervalMs) this.snapshotMarket(now);
    if (expired > 0) this.changed();
  }

  // ------------------------------------------------------------ views

  hostView(hostId: string): HostRecord | undefined {
    return this.hosts.view(hostId, this.now(), this.pairingDesk);
  }

  hostViews(): HostRecord[] {
    return this.hosts.ids().flatMap((id) => this.hostView(id) ?? []);
  }

  karmaResponse(hostId: string): KarmaResponse | undefined {
    const k = this.hosts.karma(hostId);
    if (!k) return undefined;
    const rate = successRate(k);
    const rtt = this.hosts.avgRttMs(hostId);
    return {
      host_id: hostId,
      karma: k.karma,
      completed_jobs: k.completedJobs,
      failed_jobs: k.failedJobs + k.timedOutJobs,
      success_rate: rate === null ? null : roundCredits(rate),
      avg_latency_ms: rtt === null ? null : Math.round(rtt * 100) / 100,
      pending_minutes: k.pendingMinutes,
      monetization_unlocked: isMonetizationUnlocked(k, this.cfg.karmaRules),
    };
  }

  networkStats(now = this.now()): NetworkStatsResponse {
    const online = this.hosts.ids().filter((id) => this.hosts.isOnline(id, now));
    const regions = new Set(online.map((id) => this.hosts.region(id)).filter((r): r is string => r !== null));
    return { online_islands: online.length, regions: regions.size, jobs_completed: this.jobs.countInState('succeeded') };
  }

  recommendationsFor(hostId: string): PreloadInput[] {
    return this.recommendations.byHost.get(hostId) ?? this.recommendations.all;
  }
}

export function coreConfig(o: Partial<Omit<CoreConfig, 'karmaRules'>> & { karmaRules?: Partial<KarmaRules> }, clock: Clock): CoreConfig {
  return {
    clock,
    heartbeatIntervalMs: o.heartbeatIntervalMs ?? 10_000,
    offlineAfterMissed: o.offlineAfterMissed ?? 3,
    minutesPerJobMs: o.minutesPerJobMs ?? 1 / 60_000,
    karmaRules: { ...DOCS_KARMA_RULES, ...o.karmaRules },
    cargoPrices: o.cargoPrices ?? {},
    defaultCargoPrice: o.defaultCargoPrice ?? 1,
    rateWindowMs: o.rateWindowMs ?? 3_600_000,
    snapshotIntervalMs: o.snapshotIntervalMs ?? 300_000,
    surgeHoldMs: o.surgeHoldMs ?? 30_000,
    pairing: o.pairing ?? {},
  };
}
