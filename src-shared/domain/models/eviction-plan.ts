// Which cached models to remove so that an incoming file fits under the cache cap (§7.4, done
// better): the incoming file's size counts (the Rust Island evicted with 0 extra bytes and so
// overshot by a whole model), a model a job holds or a download is writing is never removed, and
// a file larger than the whole cache is refused instead of emptying the cache for nothing.

export interface EvictionCandidate {
  key: string;
  sizeBytes: number;
  lastUsedAt: number;
  /** Held by a lease or being downloaded: never removed. */
  pinned: boolean;
}

export type EvictionPlan =
  | { ok: true; evict: string[]; freedBytes: number }
  | { ok: false; reason: 'larger-than-cache'; incomingBytes: number; capBytes: number }
  | { ok: false; reason: 'pinned'; incomingBytes: number; capBytes: number; usedBytes: number; pinnedBytes: number };

/**
 * `usedBytes` is everything the cap covers right now (cached files and what running downloads
 * reserved); `incomingBytes` is the new file's size. Least recently used first; ties broken by
 * key so the plan is deterministic.
 */
export function planEviction(candidates: readonly EvictionCandidate[], usedBytes: number, incomingBytes: number, capBytes: number): EvictionPlan {
  if (incomingBytes > capBytes) return { ok: false, reason: 'larger-than-cache', incomingBytes, capBytes };
  let excess = usedBytes + incomingBytes - capBytes;
  if (excess <= 0) return { ok: true, evict: [], freedBytes: 0 };
  const order = candidates.filter((c) => !c.pinned).sort((a, b) => a.lastUsedAt - b.lastUsedAt || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const evict: string[] = [];
  let freedBytes = 0;
  for (const c of order) {
    if (excess <= 0) break;
    evict.push(c.key);
    freedBytes += c.sizeBytes;
    excess -= c.sizeBytes;
  }
  if (excess > 0) {
    const pinnedBytes = candidates.filter((c) => c.pinned).reduce((n, c) => n + c.sizeBytes, 0);
    return { ok: false, reason: 'pinned', incomingBytes, capBytes, usedBytes, pinnedBytes };
  }
  return { ok: true, evict, freedBytes };
}
