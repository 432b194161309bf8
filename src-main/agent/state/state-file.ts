// The on-disk form of state.json (island-protocol.md §5.4). The first four keys are the Rust
// Island's, kept compatible so an owner can switch back and forth; `pairing` is ours (the Rust
// Island ignores unknown keys). Unknown keys written by someone else are kept on rewrite.
import { errorMessage } from '../../../src-shared/errors';
import { hostIdProblem } from '../../../src-shared/config/host-id';

export interface PairingCode {
  code: string;
  pairUrl: string;
  expiresAtMs: number;
}

export interface StateData {
  hostId: string | null;
  paired: boolean;
  accountId: string | null;
  /** Unix seconds as a string, as the Rust Island writes it. */
  pairedAt: string | null;
  pairing: PairingCode | null;
  /** Keys this version does not know, preserved as they were. */
  extra: Record<string, unknown>;
}

export type StateReading =
  | { ok: true; data: StateData; /** The file lacks keys the Rust Island requires (quirk 10). */ incomplete: boolean; notes: string[] }
  | { ok: false; reason: string; salvagedHostId: string | undefined };

export function emptyState(): StateData {
  return { hostId: null, paired: false, accountId: null, pairedAt: null, pairing: null, extra: {} };
}

const KNOWN = new Set(['host_id', 'paired', 'account_id', 'paired_at', 'pairing']);

/** Finds a usable host id in text that is not valid JSON (a truncated write, say). */
export function salvageHostId(text: string): string | undefined {
  const match = /"host_id"\s*:\s*"([^"\\\r\n]{1,200})"/.exec(text);
  const candidate = match?.[1];
  return candidate !== undefined && hostIdProblem(candidate) === undefined ? candidate : undefined;
}

/** Adds `(line 3, column 5)` to JSON.parse's message (which gives an offset, or nothing at the end). */
export function describeJsonError(err: unknown, text: string): string {
  const message = errorMessage(err);
  if (/line \d+/.test(message)) return message;
  const position = /position (\d+)/.exec(message);
  const offset = position ? Number(position[1]) : /end of JSON input/i.test(message) ? text.length : undefined;
  if (offset === undefined) return message;
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  const column = before.length - before.lastIndexOf('\n');
  return `${message} (line ${line}, column ${column})`;
}

const optionalString = (v: unknown) => v === undefined || v === null || typeof v === 'string';

export function readStateText(text: string): StateReading {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    return { ok: false, reason: `not valid JSON: ${describeJsonError(err, text)}`, salvagedHostId: salvageHostId(text) };
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    return { ok: false, reason: 'not a JSON object', salvagedHostId: undefined };
  }
  const obj = parsed as Record<string, unknown>;
  const hostId = obj.host_id;
  if (hostId !== undefined && hostId !== null) {
    if (typeof hostId !== 'string') return { ok: false, reason: 'host_id is not a string', salvagedHostId: undefined };
    const problem = hostIdProblem(hostId);
    if (problem) return { ok: false, reason: `unsafe host_id ${JSON.stringify(hostId)}: ${problem}`, salvagedHostId: undefined };
  }
  const salvaged = typeof hostId === 'string' ? hostId : undefined;
  const wrongType = (key: string) => ({ ok: false as const, reason: `${key} has the wrong type (${JSON.stringify(obj[key])})`, salvagedHostId: salvaged });
  if (obj.paired !== undefined && typeof obj.paired !== 'boolean') return wrongType('paired');
  if (!optionalString(obj.account_id)) return wrongType('account_id');
  const pairedAt = obj.paired_at;
  if (!optionalString(pairedAt) && typeof pairedAt !== 'number') return wrongType('paired_at');

  const notes: string[] = [];
  const pairing = readPairing(obj.pairing, notes);
  const extra: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(obj)) if (!KNOWN.has(k)) extra[k] = v;
  return {
    ok: true,
    data: {
      hostId: typeof hostId === 'string' ? hostId : null,
      paired: obj.paired === true,
      accountId: typeof obj.account_id === 'string' ? obj.account_id : null,
      pairedAt: typeof pairedAt === 'number' ? String(Math.trunc(pairedAt)) : typeof pairedAt === 'string' ? pairedAt : null,
      pairing,
      extra,
    },
    incomplete: ['host_id', 'paired', 'account_id', 'paired_at'].some((k) => !(k in obj)),
    notes,
  };
}

/** A pairing code is short-lived and ours alone: a malformed one is dropped, not worth moving the file. */
function readPairing(value: unknown, notes: string[]): PairingCode | null {
  if (value === undefined || value === null) return null;
  const p = value as Record<string, unknown>;
  if (typeof value === 'object' && typeof p.code === 'string' && typeof p.pair_url === 'string' && typeof p.expires_at_ms === 'number') {
    return { code: p.code, pairUrl: p.pair_url, expiresAtMs: p.expires_at_ms };
  }
  notes.push('pairing code in state.json is malformed; dropped');
  return null;
}

/** Pretty JSON with the Rust Island's keys first, as serde_json::to_string_pretty writes them. */
export function serializeState(data: StateData): string {
  const out: Record<string, unknown> = {
    host_id: data.hostId,
    paired: data.paired,
    account_id: data.accountId,
    paired_at: data.pairedAt,
    pairing: data.pairing ? { code: data.pairing.code, pair_url: data.pairing.pairUrl, expires_at_ms: data.pairing.expiresAtMs } : null,
  };
  for (const [k, v] of Object.entries(data.extra)) if (!KNOWN.has(k)) out[k] = v;
  return `${JSON.stringify(out, null, 2)}\n`;
}
