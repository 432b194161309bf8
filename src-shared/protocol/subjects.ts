// NATS subject map (../shared/reference/island-protocol.md §2.1, §2.2). WIRE: the coordinator
// subscribes and publishes on exactly these names.

export const REGISTER_SUBJECT = 'coordinator.hosts.register';
export const PAIRING_SUBJECT = 'coordinator.hosts.pairing';
/** JetStream stream that carries `host.{id}.jobs` (§2.2). */
export const JOBS_STREAM = 'JOBS';

export interface HostSubjects {
  jobs: string;
  cancel: string;
  preload: string;
  probe: string;
  ping: string;
  heartbeat: string;
  status: string;
  output: string;
  progress: string;
  image: string;
  lease: string;
}

const HOST_SUBJECT_SUFFIXES: readonly (keyof HostSubjects)[] = [
  'jobs',
  'cancel',
  'preload',
  'probe',
  'ping',
  'heartbeat',
  'status',
  'output',
  'progress',
  'image',
  'lease',
];

/** Every per-host subject of `hostId`. The id is inserted verbatim, as the Rust Island does. */
export function hostSubjects(hostId: string): HostSubjects {
  const s = (suffix: keyof HostSubjects): string => `host.${hostId}.${suffix}`;
  return {
    jobs: s('jobs'),
    cancel: s('cancel'),
    preload: s('preload'),
    probe: s('probe'),
    ping: s('ping'),
    heartbeat: s('heartbeat'),
    status: s('status'),
    output: s('output'),
    progress: s('progress'),
    image: s('image'),
    lease: s('lease'),
  };
}

/** Durable JetStream consumer name for the Island's job queue (§2.2). */
export function consumerName(hostId: string): string {
  return `host-${hostId}`;
}

/**
 * The host id inside a per-host subject (`host.X.heartbeat` → `X`), or null when the subject is
 * not one of the eleven per-host subjects. Only known suffixes count, so a coordinator listening on
 * `host.*.>` never mistakes some other subject for an Island's.
 */
export function hostIdFromSubject(subject: string): string | null {
  const parts = subject.split('.');
  if (parts.length !== 3) return null;
  const [prefix, id, suffix] = parts as [string, string, string];
  if (prefix !== 'host' || id === '') return null;
  if (!(HOST_SUBJECT_SUFFIXES as readonly string[]).includes(suffix)) return null;
  return validateHostId(id) === null ? id : null;
}

export const MAX_HOST_ID_LENGTH = 128;

// Control, format, surrogate, private-use and unassigned code points, plus every kind of space:
// NATS forbids whitespace in subjects and non-printables in durable names.
const NON_PRINTABLE = /[\p{C}\p{Z}\s]/u;
const FORBIDDEN = ['.', '*', '>', '/', '\\'] as const;

/**
 * null when `id` is safe to use as a host id, else why not. The id goes verbatim into NATS
 * subjects (`.` splits tokens, `*` and `>` are wildcards) and into a JetStream durable name
 * (which also forbids path separators and non-printable characters).
 */
export function validateHostId(id: string): string | null {
  if (id.length === 0) return 'host_id must not be empty';
  const chars = [...id];
  if (chars.length > MAX_HOST_ID_LENGTH) {
    return `host_id must be at most ${MAX_HOST_ID_LENGTH} characters (got ${chars.length})`;
  }
  for (const c of FORBIDDEN) {
    if (id.includes(c)) {
      return `host_id must not contain "${c}" (it is used in NATS subjects and a JetStream durable name)`;
    }
  }
  const bad = chars.find((c) => NON_PRINTABLE.test(c));
  if (bad !== undefined) {
    const code = bad.codePointAt(0) ?? 0;
    return `host_id must contain only printable characters without whitespace (found U+${code.toString(16).toUpperCase().padStart(4, '0')})`;
  }
  return null;
}
