// Statuses and output captured by JetStream (island-protocol.md §2.1: they are core publishes
// that the coordinator's streams capture). With this on, what an Island publishes while the
// coordinator itself is reconnecting is kept and read once it is back, as in production. Off by
// default: status and output are then plain core subscriptions.
//
// The docs name two streams (JOB_STATUS, JOB_OUTPUT). Two consumers would interleave a job's
// output and its final status in whatever order they catch up after a reconnect, and this
// harness's job checks would then blame the Island for it. One stream over both subjects keeps
// the order the Island published in, which is what the checks are about.
import { DeliverPolicy, jetstream, jetstreamManager, RetentionPolicy, StorageType, type ConsumerMessages } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/nats-core';
import { hostSubjects } from '../../../src-shared/protocol/subjects';

const ANY_HOST = hostSubjects('*');
export const RESULTS_STREAM = 'JOB_RESULTS';
export const RESULT_SUBJECTS = { status: ANY_HOST.status, output: ANY_HOST.output } as const;

export interface StreamedMessage {
  subject: string;
  data: Uint8Array;
}

export interface ResultStreamReader {
  unsubscribe(): void;
}

/** Creates the stream if it is missing (file storage, so it survives a nats-server restart). */
async function ensureStream(nc: NatsConnection): Promise<void> {
  const jsm = await jetstreamManager(nc);
  try {
    await jsm.streams.info(RESULTS_STREAM);
  } catch {
    await jsm.streams.add({ name: RESULTS_STREAM, subjects: Object.values(RESULT_SUBJECTS), retention: RetentionPolicy.Limits, storage: StorageType.File });
  }
}

/**
 * Reads the stream from now on, in order, with an ordered consumer: nats.js recreates it after a
 * reconnect from the last message seen, so nothing is missed or read twice.
 */
export async function readResultStream(nc: NatsConnection, handle: (m: StreamedMessage) => void): Promise<ResultStreamReader> {
  await ensureStream(nc);
  const consumer = await jetstream(nc).consumers.get(RESULTS_STREAM, { deliver_policy: DeliverPolicy.New });
  // Short pulls: after a server restart a pull can be lost, and the next one must not be 30 s away.
  const messages: ConsumerMessages = await consumer.consume({ expires: 2_000 });
  void (async () => {
    for await (const m of messages) handle({ subject: m.subject, data: m.data });
  })();
  return { unsubscribe: () => void messages.close() };
}
