// Everything the coordinator knows per host: registrations, heartbeats, asks, RTT, karma.
// Online means "heartbeats keep arriving": offline after `offlineAfterMissed` periods of silence.
import type { EnhancedHeartbeat, RegisterHost } from '../../../src-shared/protocol/messages';
import { applyPenalty, creditSuccess, NEW_ISLAND_KARMA, type KarmaRules, type KarmaState } from './karma';
import type { PairingDesk } from './pairing';
import type { HostRecord, KarmaEvent, Received } from './types';

interface HostState {
  hostId: string;
  registrations: Received<RegisterHost>[];
  heartbeats: Received<EnhancedHeartbeat>[];
  askingPrices: Record<string, string>;
  lastRttMs: number | null;
  rttSum: number;
  rttCount: number;
  pings: number;
  pairingRequests: number[];
  karma: KarmaState;
  karmaHistory: KarmaEvent[];
}

export interface HostBookConfig {
  heartbeatIntervalMs: number;
  offlineAfterMissed: number;
  karmaRules: KarmaRules;
}

export class HostBook {
  private readonly hosts = new Map<string, HostState>();

  constructor(private readonly cfg: HostBookConfig) {}

  has(hostId: string): boolean {
    return this.hosts.has(hostId);
  }

  ids(): string[] {
    return [...this.hosts.keys()];
  }

  register(msg: RegisterHost, at: number, raw: string): void {
    this.state(msg.host_id, at).registrations.push({ at, message: msg, raw });
  }

  heartbeat(msg: EnhancedHeartbeat, at: number, raw: string): void {
    const s = this.state(msg.host_id, at);
    s.heartbeats.push({ at, message: msg, raw });
    // The heartbeat carries the Island's whole [pricing] table every 10 s, so it replaces
    // whatever we had; no asking_prices key means the Island has no asks.
    s.askingPrices = { ...(msg.asking_prices ?? {}) };
    const rtt = msg.performance_estimates?.nats_rtt_ms;
    if (typeof rtt === 'number') {
      s.lastRttMs = rtt;
      s.rttSum += rtt;
      s.rttCount += 1;
    }
  }

  ping(hostId: string, at: number): void {
    this.state(hostId, at).pings += 1;
  }

  pairingRequest(hostId: string, at: number): void {
    this.state(hostId, at).pairingRequests.push(at);
  }

  /** Merge asks posted to the HTTP API; returns everything now stored. Unknown hosts: null. */
  mergeAskingPrices(hostId: string, prices: Record<string, string>): Record<string, string> | null {
    const s = this.hosts.get(hostId);
    if (!s) return null;
    s.askingPrices = { ...s.askingPrices, ...prices };
    return { ...s.askingPrices };
  }

  askingPrices(hostId: string): Readonly<Record<string, string>> | undefined {
    return this.hosts.get(hostId)?.askingPrices;
  }

  isOnline(hostId: string, now: number): boolean {
    const last = this.hosts.get(hostId)?.heartbeats.at(-1)?.at;
    return last !== undefined && now - last < this.cfg.heartbeatIntervalMs * this.cfg.offlineAfterMissed;
  }

  latestHeartbeat(hostId: string): EnhancedHeartbeat | undefined {
    return this.hosts.get(hostId)?.heartbeats.at(-1)?.message;
  }

  region(hostId: string): string | null {
    return this.hosts.get(hostId)?.registrations.at(-1)?.message.capabilities.region ?? null;
  }

  avgRttMs(hostId: string): number | null {
    const s = this.hosts.get(hostId);
    return s && s.rttCount > 0 ? s.rttSum / s.rttCount : null;
  }

  karma(hostId: string): KarmaState | undefined {
    return this.hosts.get(hostId)?.karma;
  }

  karmaHistory(hostId: string): readonly KarmaEvent[] {
    return this.hosts.get(hostId)?.karmaHistory ?? [];
  }

  creditSuccess(hostId: string, minutes: number, jobId: string, at: number): void {
    const s = this.hosts.get(hostId);
    if (!s) return;
    const change = creditSuccess(s.karma, minutes, this.cfg.karmaRules);
    s.karma = change.state;
    if (change.delta !== 0) {
      const sign = change.delta > 0 ? '+' : '';
      s.karmaHistory.push({ at, karma: s.karma.karma, reason: `job ${jobId} succeeded: ${sign}${change.delta} (${change.effectiveMinutes} effective minutes)` });
    }
  }

  penalize(hostId: string, kind: 'failure' | 'timeout', reason: string, at: number): void {
    const s = this.hosts.get(hostId);
    if (!s) return;
    const change = applyPenalty(s.karma, kind, this.cfg.karmaRules);
    s.karma = change.state;
    s.karmaHistory.push({ at, karma: s.karma.karma, reason: `${reason}: ${change.delta}` });
  }

  view(hostId: string, now: number, pairing: PairingDesk): HostRecord | undefined {
    const s = this.hosts.get(hostId);
    if (!s) return undefined;
    const reg = s.registrations.at(-1)?.message;
    return {
      hostId,
      registrations: s.registrations,
      capabilities: reg?.capabilities ?? null,
      version: reg?.version ?? null,
      heartbeats: s.heartbeats,
      lastHeartbeatAt: s.heartbeats.at(-1)?.at ?? null,
      askingPrices: { ...s.askingPrices },
      lastRttMs: s.lastRttMs,
      pings: s.pings,
      pairingRequests: s.pairingRequests,
      pairingCode: pairing.codeFor(hostId),
      pairedAccount: pairing.pairedAccount(hostId)?.accountId ?? null,
      karma: { ...s.karma },
      karmaHistory: s.karmaHistory,
      online: this.isOnline(hostId, now),
    };
  }

  private state(hostId: string, at: number): HostState {
    let s = this.hosts.get(hostId);
    if (!s) {
      s = {
        hostId,
        registrations: [],
        heartbeats: [],
        askingPrices: {},
        lastRttMs: null,
        rttSum: 0,
        rttCount: 0,
        pings: 0,
        pairingRequests: [],
        karma: { ...NEW_ISLAND_KARMA },
        karmaHistory: [{ at, karma: NEW_ISLAND_KARMA.karma, reason: 'new Island: karma starts at 0' }],
      };
      this.hosts.set(hostId, s);
    }
    return s;
  }
}
