// state.json: the host id and the pairing state (island-protocol.md §1.1, §5.4).
//
// Fixes, on purpose, over the Rust Island: a file without `paired` keeps its host id (quirk 10);
// a corrupt or unreadable file is moved aside with an error in the log instead of being silently
// replaced, and a host id still readable in it is kept, so the Island keeps its identity (and its
// karma) with the coordinator; a Rust ≤0.3 `~/.archipelag/state.json` host id is migrated.
// Writes are atomic and serialised.
import { randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import writeFileAtomic from 'write-file-atomic';
import { StateError } from '../../../src-shared/errors';
import { hostIdProblem } from '../../../src-shared/config/host-id';
import type { Logger } from '../log/types';
import { emptyState, readStateText, serializeState } from './state-file';
import type { PairingCode, StateData } from './state-file';

export type { PairingCode };

/** Where the host id in use came from. */
export type HostIdSource = 'config' | 'state' | 'salvaged' | 'legacy' | 'generated';

/** The pairing code as state.json holds it. */
export interface StatePairing {
  code: string;
  pair_url: string;
  expires_at_ms: number;
}

/** state.json as it reads now, with `host_id` the id in use (the config's, when it sets one). */
export interface StateSnapshot {
  host_id: string;
  paired: boolean;
  account_id: string | null;
  /** Unix seconds as a string, as the Rust Island writes it. */
  paired_at: string | null;
  pairing: StatePairing | null;
}

export interface StatePatch {
  paired?: boolean;
  accountId?: string | null;
  pairedAt?: string | null;
  pairing?: PairingCode | null;
}

export interface StateStore {
  readonly hostId: string;
  readonly hostIdSource: HostIdSource;
  snapshot(): StateSnapshot;
  /** Applies at once (snapshot() sees it) and resolves when the file is written. */
  update(patch: StatePatch): Promise<void>;
  /** `accountId` null: the coordinator said "already paired" without naming the account. */
  markPaired(input: { accountId: string | null }): Promise<void>;
  setPairingCode(pairing: PairingCode | null): Promise<void>;
}

export interface OpenStateStoreOptions {
  path: string;
  /** `host_id` from config.toml: used as is, never written to state.json. */
  configHostId?: string | undefined;
  /** The Rust ≤0.3 state directory (`~/.archipelag`), read once when there is no state.json. */
  legacyHome?: string | undefined;
  log: Logger;
  now?: () => number;
  newId?: () => string;
}

export const STATE_FILE_MODE = 0o600;

function errorCode(e: unknown): string | undefined {
  return typeof e === 'object' && e !== null && 'code' in e ? String((e as { code: unknown }).code) : undefined;
}

type Loaded = { data: StateData; existed: boolean; needsWrite: boolean; salvaged: boolean };

async function moveAside(file: string, now: number): Promise<string> {
  const aside = `${file}.corrupt-${now}`;
  await fs.rename(file, aside);
  return aside;
}

async function loadState(file: string, log: Logger, now: () => number): Promise<Loaded> {
  let reading: ReturnType<typeof readStateText>;
  try {
    reading = readStateText(await fs.readFile(file, 'utf8'));
  } catch (err) {
    if (errorCode(err) === 'ENOENT') return { data: emptyState(), existed: false, needsWrite: false, salvaged: false };
    reading = { ok: false, reason: `unreadable: ${(err as Error).message}`, salvagedHostId: undefined };
  }
  if (reading.ok) {
    for (const note of reading.notes) log.warn(note, { path: file });
    // A file the Rust Island could not read (no `paired`) is rewritten complete, so it can.
    return { data: reading.data, existed: true, needsWrite: reading.incomplete || reading.notes.length > 0, salvaged: false };
  }
  let aside: string;
  try {
    aside = await moveAside(file, now());
  } catch (cause) {
    throw new StateError(file, `state file ${file} is unusable (${reading.reason}) and cannot be moved aside: ${(cause as Error).message}`, { cause });
  }
  const salvagedHostId = reading.salvagedHostId;
  const outcome = salvagedHostId ? `kept host id ${salvagedHostId} found in it` : 'a new host id will be created';
  log.error(`state file ${file} is unusable (${reading.reason}); moved it to ${aside}; ${outcome}`, { path: file, movedTo: aside, reason: reading.reason });
  return { data: { ...emptyState(), hostId: salvagedHostId ?? null }, existed: true, needsWrite: true, salvaged: salvagedHostId !== undefined };
}

async function legacyHostId(legacyHome: string, log: Logger): Promise<string | undefined> {
  const file = path.join(legacyHome, 'state.json');
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (err) {
    if (errorCode(err) !== 'ENOENT') log.warn(`cannot read legacy state ${file}; not migrating it`, { err });
    return undefined;
  }
  const reading = readStateText(text);
  const id = reading.ok ? reading.data.hostId : reading.salvagedHostId;
  if (!id) {
    log.warn(`legacy state ${file} holds no usable host id; not migrating it`, reading.ok ? {} : { reason: reading.reason });
    return undefined;
  }
  log.info(`migrated host id ${id} from ${file} (Island ≤0.3)`, { hostId: id, from: file });
  return id;
}

export async function openStateStore(options: OpenStateStoreOptions): Promise<StateStore> {
  const { path: file, log } = options;
  const now = options.now ?? Date.now;
  if (options.configHostId !== undefined) {
    const problem = hostIdProblem(options.configHostId);
    if (problem) throw new StateError(file, `host_id from config is unusable: ${problem}`);
  }
  const loaded = await loadState(file, log, now);
  const data = loaded.data;
  let source: HostIdSource = loaded.salvaged ? 'salvaged' : 'state';
  let needsWrite = loaded.needsWrite;
  if (!data.hostId && options.configHostId === undefined) {
    const legacy = !loaded.existed && options.legacyHome ? await legacyHostId(options.legacyHome, log) : undefined;
    data.hostId = legacy ?? (options.newId ?? randomUUID)();
    source = legacy ? 'legacy' : 'generated';
    if (!legacy) log.info(`created host id ${data.hostId}`, { path: file });
    needsWrite = true;
  }
  const hostId = options.configHostId ?? data.hostId!;
  if (options.configHostId !== undefined) source = 'config';

  let queue: Promise<unknown> = Promise.resolve();
  const write = (): Promise<void> => {
    const text = serializeState(data);
    const run = queue.then(async () => {
      try {
        await fs.mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
        await writeFileAtomic(file, text, { mode: STATE_FILE_MODE });
      } catch (cause) {
        throw new StateError(file, `cannot write state file ${file}: ${(cause as Error).message}`, { cause });
      }
    });
    queue = run.catch(() => undefined);
    return run;
  };

  const snapshot = (): StateSnapshot => ({
    host_id: hostId,
    paired: data.paired,
    account_id: data.accountId,
    paired_at: data.pairedAt,
    pairing: data.pairing ? { code: data.pairing.code, pair_url: data.pairing.pairUrl, expires_at_ms: data.pairing.expiresAtMs } : null,
  });

  const update = (patch: StatePatch): Promise<void> => {
    if (patch.paired !== undefined) data.paired = patch.paired;
    if (patch.accountId !== undefined) data.accountId = patch.accountId;
    if (patch.pairedAt !== undefined) data.pairedAt = patch.pairedAt;
    if (patch.pairing !== undefined) data.pairing = patch.pairing ? { ...patch.pairing } : null;
    return write();
  };

  if (needsWrite) await write();

  return {
    hostId,
    hostIdSource: source,
    snapshot,
    update,
    // Keep a known account id when the coordinator only says "already paired".
    markPaired: ({ accountId }) =>
      update({ paired: true, accountId: accountId ?? data.accountId, pairedAt: data.paired && data.pairedAt ? data.pairedAt : String(Math.floor(now() / 1000)), pairing: null }),
    setPairingCode: (pairing) => update({ pairing }),
  };
}
