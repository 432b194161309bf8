// The coordinator's other messages to this Island (§2.1): cancel, preload, and peer probes.
import type { NatsConnection, Subscription } from '@nats-io/nats-core';
import { decodeCancelJob, decodePreloadRecommendation } from '../../../src-shared/protocol/decode';
import type { PreloadRecommendation } from '../../../src-shared/protocol/messages';
import type { HostSubjects } from '../../../src-shared/protocol/subjects';
import type { Logger } from '../log/logger';

export interface ControlHandlers {
  cancel(jobId: string): void;
  preload(rec: PreloadRecommendation): void;
}

export function subscribeControl(
  nc: NatsConnection,
  subjects: HostSubjects,
  handlers: ControlHandlers,
  log: Logger,
): Subscription[] {
  const cancel = nc.subscribe(subjects.cancel, {
    callback: (err, msg) => {
      if (err) return log.warn('cancel subscription error', { error: String(err) });
      const decoded = decodeCancelJob(msg.data);
      if (!decoded.ok) return log.warn('ignored an unreadable cancel message', { error: decoded.error });
      handlers.cancel(decoded.value.job_id);
    },
  });
  const preload = nc.subscribe(subjects.preload, {
    callback: (err, msg) => {
      if (err) return log.warn('preload subscription error', { error: String(err) });
      const decoded = decodePreloadRecommendation(msg.data);
      if (!decoded.ok) return log.warn('ignored an unreadable preload recommendation', { error: decoded.error });
      handlers.preload(decoded.value);
    },
  });
  // Peers measure their RTT to this Island; any request gets `pong` (§3.13).
  const probe = nc.subscribe(subjects.probe, {
    callback: (_err, msg) => {
      if (msg.reply) msg.respond('pong');
    },
  });
  return [cancel, preload, probe];
}
