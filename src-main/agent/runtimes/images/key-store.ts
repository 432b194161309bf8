// The set of keys signatures are checked against: config keys first (an owner's own entry wins
// over a fetched one with the same key_id), then the keys from `[signing] keys_url`. Fetched keys
// are cached on disk so that an Island that starts offline still verifies; they are fetched at
// start (with a time limit) and refreshed hourly — the Rust Island fetched once, and only when a
// cosign binary was installed. An answer that is an empty list is taken as "no keys" (revocation).
import { promises as fs } from 'node:fs';
import path from 'node:path';
import writeFileAtomic from 'write-file-atomic';
import type { Logger } from '../../log/logger';
import { isAcceptableUrl, registryRequest, type FetchLike } from './registry-http';
import { parseKeyList, readTrustedKey, type TrustedKeyRecord, type UsableKey } from './trusted-keys';

export interface KeyStoreOptions {
  configKeys: readonly TrustedKeyRecord[];
  keysUrl: string | undefined;
  cachePath: string;
  /** The owner named the cache file: read it even without a keys_url (it may be provisioned by hand). */
  cachePathConfigured?: boolean;
  fetch: FetchLike;
  log: Logger;
  timeoutMs?: number;
  refreshMs?: number;
}

const MAX_KEYS_BYTES = 1024 * 1024;

export class TrustedKeyStore {
  private readonly configKeys: UsableKey[];
  private remote: UsableKey[] = [];
  private timer: NodeJS.Timeout | undefined;
  private readonly closing = new AbortController();

  constructor(private readonly opts: KeyStoreOptions) {
    this.configKeys = this.usable(opts.configKeys, 'config');
  }

  /** Config keys, then fetched keys whose key_id the config does not use. */
  keys(): UsableKey[] {
    const taken = new Set(this.configKeys.map((k) => k.keyId));
    return [...this.configKeys, ...this.remote.filter((k) => !taken.has(k.keyId))];
  }

  /** Loads the cache file, then fetches (bounded by the timeout), then refreshes in the background. */
  async start(): Promise<void> {
    if (this.opts.keysUrl || this.opts.cachePathConfigured) await this.loadCache();
    if (!this.opts.keysUrl) return;
    await this.refresh();
    this.timer = setInterval(() => void this.refresh(), this.opts.refreshMs ?? 3600_000);
    this.timer.unref();
  }

  close(): void {
    if (this.timer) clearInterval(this.timer);
    this.closing.abort();
  }

  /** One fetch of keys_url; on failure the keys in hand (from the cache or the last fetch) stay. */
  async refresh(): Promise<boolean> {
    const url = this.opts.keysUrl;
    if (!url) return false;
    const log = this.opts.log;
    if (!isAcceptableUrl(new URL(url))) {
      log.warn('[signing] keys_url is plain http to another machine; keys are only fetched over https (or http on loopback)', { keys_url: url });
      return false;
    }
    try {
      const res = await registryRequest(this.opts.fetch, url, {
        headers: { accept: 'application/json' },
        signal: this.closing.signal,
        timeoutMs: this.opts.timeoutMs ?? 10_000,
        maxBytes: MAX_KEYS_BYTES,
      });
      if (res.status !== 200) throw new Error(`HTTP ${res.status}`);
      const text = res.body.toString('utf8');
      const list = parseKeyList(text);
      if (!list.ok) throw new Error(list.reason);
      this.remote = this.usable(list.records, 'keys_url');
      log.info('fetched trusted signing keys', { keys_url: url, keys: this.remote.map((k) => k.keyId) });
      await this.saveCache(list.records);
      return true;
    } catch (err) {
      if (this.closing.signal.aborted) return false;
      log.warn('could not fetch trusted signing keys; using the keys in hand', {
        keys_url: url,
        error: (err as Error).message,
        keys: this.keys().map((k) => k.keyId),
        cache: this.opts.cachePath,
      });
      return false;
    }
  }

  private async loadCache(): Promise<void> {
    let text: string;
    try {
      text = await fs.readFile(this.opts.cachePath, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') this.opts.log.warn('cannot read the trusted key cache', { path: this.opts.cachePath, error: (err as Error).message });
      return;
    }
    const list = parseKeyList(text);
    if (!list.ok) {
      this.opts.log.error(`trusted key cache ${this.opts.cachePath} is unusable (${list.reason}); ignoring it until keys are fetched again`, { path: this.opts.cachePath });
      return;
    }
    this.remote = this.usable(list.records, 'keys_url');
    this.opts.log.debug('loaded cached trusted keys', { path: this.opts.cachePath, keys: this.remote.map((k) => k.keyId) });
  }

  private async saveCache(records: TrustedKeyRecord[]): Promise<void> {
    try {
      await fs.mkdir(path.dirname(this.opts.cachePath), { recursive: true });
      await writeFileAtomic(this.opts.cachePath, `${JSON.stringify(records, null, 2)}\n`);
    } catch (err) {
      this.opts.log.warn('cannot write the trusted key cache', { path: this.opts.cachePath, error: (err as Error).message });
    }
  }

  private usable(records: readonly TrustedKeyRecord[], source: UsableKey['source']): UsableKey[] {
    const out: UsableKey[] = [];
    for (const record of records) {
      const reading = readTrustedKey(record, source);
      if (reading.ok) out.push(reading.key);
      else this.opts.log.warn('trusted key set aside', { key_id: reading.keyId, source, reason: reading.reason });
    }
    return out;
  }
}
