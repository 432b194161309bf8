// The coordinator's JOBS stream (island-protocol.md §2.2): subjects `host.*.jobs`, workqueue
// retention (the Island's ack deletes the job; leases cover it after that), file storage so it
// survives a nats-server restart. Without it, jobs go out as core publishes, which is what an
// Island on the core-NATS fallback path receives.
import { randomUUID } from 'node:crypto';
import {
  JetStreamApiCodes,
  JetStreamApiError,
  jetstream,
  jetstreamManager,
  RetentionPolicy,
  StorageType,
  type JetStreamClient,
  type JetStreamManager,
  type PubAck,
  type StreamInfo,
} from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/nats-core';
import { hostSubjects, JOBS_STREAM } from '../../../src-shared/protocol/subjects';

export const JOBS_SUBJECTS = hostSubjects('*').jobs;
const PUBLISH_ATTEMPT_MS = 1000;
const PUBLISH_DEADLINE_MS = 15_000;

export interface JobsOutlet {
  /** Whether this instance created the stream (and so may delete it). */
  readonly created: boolean;
  readonly jetstream: boolean;
  publish(subject: string, text: string): Promise<void>;
  deleteStream(): Promise<void>;
}

export async function openJobsOutlet(nc: NatsConnection, wantStream: boolean): Promise<JobsOutlet> {
  if (!wantStream) {
    await assertNoJobsStream(nc);
    return {
      created: false,
      jetstream: false,
      publish: async (subject, text) => {
        nc.publish(subject, text);
        // Core publish has no ack; a flush at least proves the server has the message.
        await nc.flush();
      },
      deleteStream: async () => {},
    };
  }

  let jsm: JetStreamManager;
  try {
    jsm = await jetstreamManager(nc);
  } catch (err) {
    throw new Error(`JetStream is not available on this nats-server (start it with -js): ${String(err)}`, { cause: err });
  }
  const existing = await streamInfo(jsm);
  if (existing) checkStreamConfig(existing);
  else {
    await jsm.streams.add({
      name: JOBS_STREAM,
      subjects: [JOBS_SUBJECTS],
      retention: RetentionPolicy.Workqueue,
      storage: StorageType.File,
    });
  }
  const js = jetstream(nc);
  return {
    created: existing === null,
    jetstream: true,
    publish: async (subject, text) => {
      const ack = await publishWithRetry(js, subject, text);
      if (ack.stream !== JOBS_STREAM) throw new Error(`job on ${subject} was stored in stream ${ack.stream}, not ${JOBS_STREAM}`);
    },
    deleteStream: async () => {
      await jsm.streams.delete(JOBS_STREAM);
    },
  };
}

/**
 * A publish made while the client is reconnecting (a test just restarted nats-server) can lose
 * its ack, so retry until the deadline. The same Nats-Msg-Id on every attempt lets the stream
 * drop the duplicate if an earlier attempt did land.
 */
async function publishWithRetry(js: JetStreamClient, subject: string, text: string): Promise<PubAck> {
  const msgID = randomUUID();
  const deadline = Date.now() + PUBLISH_DEADLINE_MS;
  for (;;) {
    try {
      return await js.publish(subject, text, { msgID, timeout: PUBLISH_ATTEMPT_MS });
    } catch (err) {
      if (Date.now() + PUBLISH_ATTEMPT_MS > deadline) throw err;
      await new Promise((r) => setTimeout(r, 50));
    }
  }
}

async function streamInfo(jsm: JetStreamManager): Promise<StreamInfo | null> {
  try {
    return await jsm.streams.info(JOBS_STREAM);
  } catch (err) {
    if (err instanceof JetStreamApiError && err.code === JetStreamApiCodes.StreamNotFound) return null;
    throw err;
  }
}

// Reusing a stream left by an earlier coordinator (close({keepStream:true})) is fine; reusing one
// with another shape would make the test prove nothing about the real coordinator's stream.
function checkStreamConfig(info: StreamInfo): void {
  const { retention, subjects } = info.config;
  if (retention !== RetentionPolicy.Workqueue || !subjects?.includes(JOBS_SUBJECTS)) {
    throw new Error(
      `stream ${JOBS_STREAM} already exists with retention=${retention} subjects=${JSON.stringify(subjects)}; ` +
        `the reference coordinator needs workqueue retention on ${JOBS_SUBJECTS}`,
    );
  }
}

async function assertNoJobsStream(nc: NatsConnection): Promise<void> {
  let jsm: JetStreamManager;
  try {
    jsm = await jetstreamManager(nc);
  } catch {
    return; // no JetStream at all: certainly no stream
  }
  if (await streamInfo(jsm)) {
    throw new Error(
      `jobsStream:false, but stream ${JOBS_STREAM} exists on this server, so the Island would still use JetStream; ` +
        'use a fresh nats-server or delete the stream first',
    );
  }
}
