// Headless mode asks the coordinator for a newer Island at start and then every 30 minutes (plus
// up to 5 minutes of jitter, so a fleet started together does not ask together) and tells the
// owner: one log line per new version (a warning when it is critical), never the same one twice.
// It never downloads or replaces anything: a headless Island is updated by whoever installed it
// (a package manager, a container image, install.sh).
import type { UpdateInfo } from '../../../src-shared/protocol/messages';
import type { Logger } from '../log/types';
import { checkForUpdate, type UpdateCheckResult, type UpdateQuery } from './update-check';

export const UPDATE_CHECK_EVERY_MS = 30 * 60_000;
export const UPDATE_CHECK_JITTER_MS = 5 * 60_000;

export type UpdateWatchState =
  | { type: 'off'; reason: string }
  | { type: 'not-checked' }
  | { type: 'up-to-date'; checkedAt: number }
  | { type: 'available'; checkedAt: number; info: UpdateInfo }
  | { type: 'failed'; checkedAt: number; error: string };

export interface UpdateWatchOptions {
  /** `[coordinator] api_url`, or undefined when the owner configured none. */
  apiUrl: string | undefined;
  query: UpdateQuery;
  log: Logger;
  check?: (apiUrl: string, q: UpdateQuery) => Promise<UpdateCheckResult>;
  now?: () => number;
  random?: () => number;
  setTimer?: (fn: () => void, ms: number) => { unref?(): unknown };
  clearTimer?: (handle: unknown) => void;
}

export class UpdateWatch {
  private current: UpdateWatchState;
  private timer: unknown = null;
  private told = new Set<string>();
  private lastError: string | null = null;
  private stopped = false;

  constructor(private readonly opts: UpdateWatchOptions) {
    this.current = opts.apiUrl ? { type: 'not-checked' } : { type: 'off', reason: 'no [coordinator] api_url is configured' };
  }

  get state(): UpdateWatchState {
    return this.current;
  }

  start(): void {
    if (!this.opts.apiUrl) {
      this.opts.log.info('update checks are off: set [coordinator] api_url to hear about new versions');
      return;
    }
    void this.checkNow().finally(() => this.schedule());
  }

  stop(): void {
    this.stopped = true;
    if (this.timer !== null) (this.opts.clearTimer ?? ((h) => clearTimeout(h as ReturnType<typeof setTimeout>)))(this.timer);
    this.timer = null;
  }

  async checkNow(): Promise<UpdateWatchState> {
    const { apiUrl, query, log } = this.opts;
    if (!apiUrl) return this.current;
    const result = await (this.opts.check ?? checkForUpdate)(apiUrl, query);
    const at = (this.opts.now ?? Date.now)();
    if (!result.ok) {
      // Once per distinct failure at warn; repeats go to debug so a long outage does not flood the log.
      if (result.error !== this.lastError) log.warn('update check failed', { error: result.error });
      else log.debug('update check failed again', { error: result.error });
      this.lastError = result.error;
      this.current = { type: 'failed', checkedAt: at, error: result.error };
      return this.current;
    }
    this.lastError = null;
    const info = result.info;
    if (!info.update_available) {
      this.current = { type: 'up-to-date', checkedAt: at };
      log.debug('no update available', { version: query.version });
      return this.current;
    }
    this.current = { type: 'available', checkedAt: at, info };
    const latest = info.latest_version ?? 'a newer version';
    if (!this.told.has(latest)) {
      this.told.add(latest);
      const fields = { current: info.current_version, latest, critical: info.is_critical, download_url: info.download_url, notes: info.release_notes ?? undefined };
      const text = `Update available: Island ${latest} (running ${info.current_version}). Install it the way this Island was installed; it is not replaced automatically.`;
      if (info.is_critical) log.warn(`Critical update: ${text}`, fields);
      else log.info(text, fields);
    }
    return this.current;
  }

  private schedule(): void {
    if (this.stopped) return;
    const delay = UPDATE_CHECK_EVERY_MS + Math.floor((this.opts.random ?? Math.random)() * UPDATE_CHECK_JITTER_MS);
    const set = this.opts.setTimer ?? ((fn: () => void, ms: number) => setTimeout(fn, ms));
    const handle = set(() => {
      void this.checkNow().finally(() => this.schedule());
    }, delay);
    // A pending check must not keep a stopping Island alive.
    handle.unref?.();
    this.timer = handle;
  }
}
