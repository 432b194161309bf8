// Every subject the coordinator listens on. Each message is decoded with the protocol's strict
// Island→coordinator decoders; anything that fails becomes a violation instead of being handled,
// which is how the harness proves wire compatibility (a real coordinator would drop it).
import type { Msg, NatsConnection } from '@nats-io/nats-core';
import type { Decoded } from '../../../src-shared/protocol/decode';
import {
  decodeHeartbeat,
  decodeJobImageOutput,
  decodeJobOutput,
  decodeJobProgress,
  decodeJobStatus,
  decodeLeaseRenewal,
  decodePairingRequest,
  decodeRegisterHost,
} from '../../../src-shared/protocol/decode';
import { encodePairingResponse } from '../../../src-shared/protocol/encode';
import type {
  EnhancedHeartbeat,
  JobImageOutput,
  JobOutput,
  JobProgress,
  JobStatus,
  LeaseRenewal,
  PairingRequest,
  RegisterHost,
} from '../../../src-shared/protocol/messages';
import { hostIdFromSubject, hostSubjects, PAIRING_SUBJECT, REGISTER_SUBJECT, validateHostId } from '../../../src-shared/protocol/subjects';
import type { Origin } from './job-book';
import { readResultStream, RESULT_SUBJECTS, type ResultStreamReader, type StreamedMessage } from './result-streams';
import { parseCredits } from './market';
import type { Violation } from './types';

export interface InboundHandlers {
  now(): number;
  violation(v: Violation): void;
  /** Called after every message, handled or not, so waiters re-check. */
  changed(): void;
  register(m: RegisterHost, from: Origin): void;
  heartbeat(m: EnhancedHeartbeat, from: Origin): void;
  status(m: JobStatus, from: Origin): void;
  output(m: JobOutput, from: Origin): void;
  progress(m: JobProgress, from: Origin): void;
  image(m: JobImageOutput, from: Origin): void;
  lease(m: LeaseRenewal, from: Origin): void;
  /** Returns the reply text, or null to leave the request unanswered. */
  pairing(m: PairingRequest, from: Origin): string | null;
  ping(from: Origin): void;
}

const ANY_HOST = hostSubjects('*');
const textDecoder = new TextDecoder();

export interface InboundOptions {
  /** Read statuses and output from the JOB_STATUS / JOB_OUTPUT streams (result-streams.ts). */
  resultStreams?: boolean;
}

export async function subscribeInbound(nc: NatsConnection, h: InboundHandlers, opts: InboundOptions = {}): Promise<ResultStreamReader[]> {
  const subs: ResultStreamReader[] = [];

  const receive = <T, M extends StreamedMessage>(msg: M, decode: (d: Uint8Array) => Decoded<T>, handle: (m: T, from: Origin, msg: M) => void): void => {
    const from = origin(msg, h.now());
    try {
      if (from.hostId === '' && msg.subject.startsWith('host.')) {
        violate(h, from, `subject '${msg.subject}' does not carry a valid host id`);
        return;
      }
      const decoded = decode(msg.data);
      if (!decoded.ok) violate(h, from, decoded.error);
      else handle(decoded.value, from, msg);
    } catch (e) {
      // A bug in the harness must be as visible as a bug in the Island.
      violate(h, from, `reference coordinator failed handling this message: ${e instanceof Error ? e.stack : String(e)}`);
    } finally {
      h.changed();
    }
  };
  const on = <T>(subject: string, decode: (d: Uint8Array) => Decoded<T>, handle: (m: T, from: Origin, msg: Msg) => void): void => {
    subs.push(
      nc.subscribe(subject, {
        callback: (err, msg) => {
          if (err) return; // the subscription is closing; nothing to record
          receive(msg, decode, handle);
        },
      }),
    );
  };
  const onResults = async (status: (m: JobStatus, from: Origin) => void, output: (m: JobOutput, from: Origin) => void): Promise<void> => {
    if (!opts.resultStreams) {
      on(RESULT_SUBJECTS.status, decodeJobStatus, status);
      on(RESULT_SUBJECTS.output, decodeJobOutput, output);
      return;
    }
    subs.push(
      await readResultStream(nc, (msg) => {
        if (msg.subject.endsWith('.status')) receive(msg, decodeJobStatus, status);
        else receive(msg, decodeJobOutput, output);
      }),
    );
  };

  on(REGISTER_SUBJECT, decodeRegisterHost, (m, from) => {
    const bad = validateHostId(m.host_id);
    if (bad) violate(h, from, bad);
    else h.register(m, { ...from, hostId: m.host_id });
  });
  on(ANY_HOST.heartbeat, decodeHeartbeat, (m, from) => {
    if (m.host_id !== from.hostId) {
      violate(h, from, `heartbeat host_id '${m.host_id}' differs from the subject's '${from.hostId}'`);
      return;
    }
    // Still a heartbeat (the Island is alive), but a price the coordinator cannot parse is a bug.
    for (const [slug, price] of Object.entries(m.asking_prices ?? {})) {
      if (parseCredits(price) === null) violate(h, from, `asking_prices["${slug}"] = ${JSON.stringify(price)} is not a decimal credits string like "1.5"`);
    }
    h.heartbeat(m, from);
  });
  await onResults(
    (m, from) => h.status(m, from),
    (m, from) => h.output(m, from),
  );
  on(ANY_HOST.progress, decodeJobProgress, (m, from) => h.progress(m, from));
  on(ANY_HOST.image, decodeJobImageOutput, (m, from) => h.image(m, from));
  on(ANY_HOST.lease, decodeLeaseRenewal, (m, from) => h.lease(m, from));

  // Pairing and ping are requests: they are answered even when the body is unusable, so the Island
  // sees a reply rather than a timeout that would hide the real problem.
  on(PAIRING_SUBJECT, ACCEPT_ANY, (_raw, from, msg) => {
    const decoded = decodePairingRequest(msg.data);
    const error = decoded.ok ? validateHostId(decoded.value.host_id) : decoded.error;
    if (!decoded.ok || error) {
      violate(h, from, error ?? 'invalid pairing request');
      msg.respond(encodePairingResponse({ success: false, error: `invalid pairing request: ${error}` }));
      return;
    }
    const reply = h.pairing(decoded.value, { ...from, hostId: decoded.value.host_id });
    if (reply !== null) msg.respond(reply);
  });
  // §3.13: any body, reply `pong`.
  on(ANY_HOST.ping, ACCEPT_ANY, (_raw, from, msg) => {
    h.ping(from);
    msg.respond('pong');
  });

  return subs;
}

const ACCEPT_ANY = (d: Uint8Array): Decoded<Uint8Array> => ({ ok: true, value: d });

function origin(msg: StreamedMessage, at: number): Origin {
  return { subject: msg.subject, hostId: hostIdFromSubject(msg.subject) ?? '', raw: textDecoder.decode(msg.data), at };
}

function violate(h: InboundHandlers, from: Origin, error: string): void {
  h.violation({ subject: from.subject, error, raw: from.raw, at: from.at, hostId: from.hostId || null, jobId: jobIdOf(from.raw) });
}

function jobIdOf(raw: string): string | null {
  try {
    const v: unknown = JSON.parse(raw);
    return typeof v === 'object' && v !== null && 'job_id' in v && typeof v.job_id === 'string' ? v.job_id : null;
  } catch {
    return null;
  }
}
