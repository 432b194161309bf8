// Pairing (§3.12, product.md §4.1): while the Island is not paired it asks the coordinator for a
// code, keeps code / URL / expiry for the dashboard and logs them. "already paired" marks the
// Island paired. Unlike the Rust Island it asks again when a code has expired (hourly at most
// unless the owner asks for a fresh code), so a headless owner always finds a valid code in the log.
import type { NatsConnection } from '@nats-io/nats-core';
import { decodePairingResponse } from '../../../src-shared/protocol/decode';
import { encodePairingRequest } from '../../../src-shared/protocol/encode';
import { PAIRING_SUBJECT } from '../../../src-shared/protocol/subjects';
import type { Logger } from '../log/logger';

export const DEFAULT_PAIR_URL = 'https://app.archipelag.io/pair';

export type PairingState =
  | { type: 'paired'; accountId: string | null; pairedAt: string | null }
  | { type: 'code'; code: string; pairUrl: string; expiresAtMs: number }
  | { type: 'unpaired'; reason: string };

export interface PairingStore {
  snapshot(): { paired: boolean; account_id: string | null; paired_at: string | null; pairing: { code: string; pair_url: string; expires_at_ms: number } | null };
  markPaired(p: { accountId: string | null }): Promise<void>;
  setPairingCode(p: { code: string; pairUrl: string; expiresAtMs: number } | null): Promise<void>;
}

export class Pairing {
  private stateNow: PairingState;
  private timer: NodeJS.Timeout | null = null;
  private stopped = false;

  constructor(
    private readonly nc: NatsConnection,
    private readonly hostId: string,
    private readonly store: PairingStore,
    private readonly log: Logger,
    private readonly onChange: (s: PairingState) => void = () => {},
    private readonly refreshMs = 60 * 60_000,
  ) {
    const s = store.snapshot();
    if (s.paired) this.stateNow = { type: 'paired', accountId: s.account_id, pairedAt: s.paired_at };
    else if (s.pairing && s.pairing.expires_at_ms > Date.now())
      this.stateNow = { type: 'code', code: s.pairing.code, pairUrl: s.pairing.pair_url, expiresAtMs: s.pairing.expires_at_ms };
    else this.stateNow = { type: 'unpaired', reason: 'no pairing code yet' };
  }

  get state(): PairingState {
    return this.stateNow;
  }

  /** Asks at start when not paired, then again after the code expires (at most every `refreshMs`). */
  start(): void {
    if (this.stateNow.type !== 'paired') void this.request();
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  /** One pairing request (also the dashboard's "new code" button). */
  async request(): Promise<PairingState> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    let next: PairingState;
    try {
      const reply = await this.nc.request(PAIRING_SUBJECT, encodePairingRequest({ host_id: this.hostId }), { timeout: 10_000 });
      const decoded = decodePairingResponse(reply.data);
      if (!decoded.ok) {
        this.log.warn('the coordinator sent a pairing reply this Island cannot read', { error: decoded.error });
        next = { type: 'unpaired', reason: decoded.error };
      } else if (decoded.value.success && decoded.value.code) {
        const r = decoded.value;
        const seconds = r.expires_in_seconds ?? 600;
        next = { type: 'code', code: r.code!, pairUrl: r.pair_url ?? DEFAULT_PAIR_URL, expiresAtMs: Date.now() + seconds * 1000 };
        await this.store.setPairingCode({ code: next.code, pairUrl: next.pairUrl, expiresAtMs: next.expiresAtMs });
        this.log.info(`ISLAND PAIRING CODE: ${next.code}`, { pair_url: next.pairUrl, expires_in_minutes: Math.floor(seconds / 60) });
        this.log.info(`Visit ${next.pairUrl} to pair this Island (code expires in ${Math.floor(seconds / 60)} minutes)`);
      } else if (decoded.value.error?.includes('already paired')) {
        await this.store.markPaired({ accountId: null });
        await this.store.setPairingCode(null);
        const s = this.store.snapshot();
        next = { type: 'paired', accountId: s.account_id, pairedAt: s.paired_at };
        this.log.info('this Island is paired');
      } else {
        const reason = decoded.value.error ?? 'the coordinator gave no pairing code';
        this.log.warn('pairing was refused', { error: reason });
        next = { type: 'unpaired', reason };
      }
    } catch (err) {
      // A coordinator without pairing support answers with no responders or not at all: keep going.
      this.log.debug('pairing request failed', { error: String(err) });
      next = { type: 'unpaired', reason: `pairing request failed: ${String(err)}` };
    }
    this.set(next);
    this.schedule();
    return next;
  }

  private schedule(): void {
    // One timer at most: a button press during a request must not leave a second one behind.
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.stopped || this.stateNow.type === 'paired') return;
    const untilExpiry = this.stateNow.type === 'code' ? this.stateNow.expiresAtMs - Date.now() : 0;
    const wait = Math.max(untilExpiry, this.refreshMs);
    this.timer = setTimeout(() => void this.request(), wait);
    this.timer.unref();
  }

  private set(s: PairingState): void {
    this.stateNow = s;
    this.onChange(s);
  }
}
