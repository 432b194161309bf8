// `nats_rtt_ms` (§3.13): a request on `host.{id}.ping`; when the coordinator does not answer,
// a PING/PONG with the server instead. The heartbeat never waits more than `maxWaitMs` for it:
// a slow ping finishes in the background and feeds the next heartbeat.
import type { NatsConnection } from '@nats-io/nats-core';

export class RttMeter {
  private last: number | undefined;
  private inFlight: Promise<number | undefined> | null = null;

  constructor(
    private readonly nc: NatsConnection,
    private readonly pingSubject: string,
    private readonly timeoutMs = 5_000,
  ) {}

  async measure(maxWaitMs: number): Promise<number | undefined> {
    if (!this.inFlight) {
      this.inFlight = this.ping().finally(() => {
        this.inFlight = null;
      });
    }
    let timer: NodeJS.Timeout | undefined;
    const waited = await Promise.race([
      this.inFlight,
      new Promise<'late'>((r) => (timer = setTimeout(() => r('late'), maxWaitMs))),
    ]);
    clearTimeout(timer);
    return waited === 'late' ? this.last : waited;
  }

  private async ping(): Promise<number | undefined> {
    const started = performance.now();
    try {
      await this.nc.request(this.pingSubject, 'ping', { timeout: this.timeoutMs });
      this.last = performance.now() - started;
    } catch {
      try {
        this.last = await this.nc.rtt();
      } catch {
        this.last = undefined;
      }
    }
    return this.last;
  }
}
