// The desktop self-update: check at start and every 30 minutes, download in the background
// (electron-updater checks the sha512 from the feed), then verify the release's Ed25519 signature
// over the downloaded file with our embedded keys. Only an update that passes both is staged;
// anything else is refused, deleted and never installed. A staged update installs when no job
// runs (apply-policy.ts); the owner may also install it at once from the tray.
import { readFile, rm } from 'node:fs/promises';
import type { ProgressInfo, UpdateCheckResult } from 'electron-updater';
import { errorMessage } from '../../../src-shared/errors';
import { verifyReleaseSignature, type ReleaseKey } from '../../agent/update/ed25519';
import type { Logger } from '../../agent/log/types';
import type { Timers } from '../agent/agent-process';
import { decideApply } from './apply-policy';
import { isCritical, releaseNotes, signatureFor } from './release-info';
import type { UpdateState } from './update-state';

/** The part of electron-updater's AppUpdater this service drives. */
export interface UpdaterPort {
  checkForUpdates(): Promise<UpdateCheckResult | null>;
  downloadUpdate(): Promise<string[]>;
  on(event: 'download-progress', listener: (info: ProgressInfo) => void): unknown;
  on(event: 'error', listener: (error: Error) => void): unknown;
}

export interface StagedUpdate {
  version: string;
  file: string;
  notes: string | null;
  critical: boolean;
  keyId: string;
}

export interface UpdateServiceOptions {
  updater: UpdaterPort;
  keys: readonly ReleaseKey[];
  log: Logger;
  timers: Timers;
  /** Running jobs right now (from the agent's status). */
  activeJobs: () => number;
  /** Why this version must not be installed (it was rolled back), or null. */
  blockedReason: (version: string) => string | null;
  /** Installs the staged update: writes the rollback marker, drains the agent, quits and installs. */
  install: (update: StagedUpdate) => Promise<void>;
  checkEveryMs?: number;
  /** How often a waiting update looks at the running jobs again. */
  pollMs?: number;
  readArtifact?: (file: string) => Promise<Uint8Array>;
  removeArtifact?: (file: string) => Promise<void>;
}

export const CHECK_EVERY_MS = 30 * 60_000;
const POLL_MS = 5_000;

export class UpdateService {
  private current: UpdateState = { type: 'idle' };
  private staged: StagedUpdate | null = null;
  private waitingSince = 0;
  private checkTimer: unknown = null;
  private applyTimer: unknown = null;
  private running: Promise<UpdateState> | null = null;
  /** Versions refused in this session: not downloaded again until the app restarts. */
  private readonly refused = new Map<string, string>();
  private readonly listeners = new Set<(s: UpdateState) => void>();

  constructor(private readonly opts: UpdateServiceOptions) {
    opts.updater.on('download-progress', (p) => {
      if (this.current.type === 'downloading') this.setState({ ...this.current, percent: p.percent });
    });
    // electron-updater also emits its failures; the promises below carry them. Without a listener
    // an 'error' event would throw.
    opts.updater.on('error', (err) => opts.log.debug('updater reported an error', { error: errorMessage(err) }));
  }

  get state(): UpdateState {
    return this.current;
  }

  onState(fn: (s: UpdateState) => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  /** Checks now, then every 30 minutes. */
  start(): void {
    void this.checkNow();
    const every = this.opts.checkEveryMs ?? CHECK_EVERY_MS;
    const schedule = () => {
      this.checkTimer = this.opts.timers.setTimeout(() => {
        void this.checkNow().finally(schedule);
      }, every);
    };
    schedule();
  }

  stop(): void {
    if (this.checkTimer !== null) this.opts.timers.clearTimeout(this.checkTimer);
    if (this.applyTimer !== null) this.opts.timers.clearTimeout(this.applyTimer);
    this.checkTimer = this.applyTimer = null;
  }

  /** One check → download → verify → stage cycle (a no-op while one runs or an update is staged). */
  checkNow(): Promise<UpdateState> {
    if (this.staged || this.current.type === 'installing') return Promise.resolve(this.current);
    this.running ??= this.cycle().finally(() => (this.running = null));
    return this.running;
  }

  /** The owner chose "Restart to update": install the staged update now (the quit drain still runs). */
  async installNow(): Promise<void> {
    if (this.staged) await this.install(this.staged);
  }

  private async cycle(): Promise<UpdateState> {
    const { log, updater } = this.opts;
    this.setState({ type: 'checking' });
    let result: UpdateCheckResult | null;
    try {
      result = await updater.checkForUpdates();
    } catch (err) {
      log.warn('update check failed', { error: errorMessage(err) });
      return this.setState({ type: 'error', message: `update check failed: ${errorMessage(err)}` });
    }
    if (!result || !result.isUpdateAvailable) return this.setState({ type: 'up-to-date', checkedAt: this.opts.timers.now() });
    const info = result.updateInfo;
    const version = info.version;
    const blocked = this.opts.blockedReason(version) ?? this.refused.get(version);
    if (blocked) return this.setState({ type: 'refused', version, reason: blocked });
    log.info('downloading an update', { version });
    this.setState({ type: 'downloading', version, percent: 0 });
    let file: string;
    try {
      const files = await updater.downloadUpdate();
      if (!files[0]) throw new Error('the updater reported no downloaded file');
      file = files[0];
    } catch (err) {
      const code = (err as { code?: unknown }).code;
      if (code === 'ERR_CHECKSUM_MISMATCH') return this.refuse(version, null, 'the download does not match the sha512 checksum in the update feed');
      log.warn('update download failed', { version, error: errorMessage(err) });
      return this.setState({ type: 'error', message: `downloading ${version} failed: ${errorMessage(err)}` });
    }
    this.setState({ type: 'verifying', version });
    const signature = signatureFor(info, file);
    if (!signature) return this.refuse(version, file, 'the update feed has no Ed25519 signature for it');
    let data: Uint8Array;
    try {
      data = await (this.opts.readArtifact ?? readFile)(file);
    } catch (err) {
      return this.refuse(version, file, `the downloaded file cannot be read: ${errorMessage(err)}`);
    }
    const check = await verifyReleaseSignature(data, signature, this.opts.keys);
    if (!check.ok) return this.refuse(version, file, `its Ed25519 signature does not verify: ${check.reason}`);
    const staged: StagedUpdate = { version, file, notes: releaseNotes(info), critical: isCritical(info), keyId: check.keyId };
    this.staged = staged;
    this.waitingSince = this.opts.timers.now();
    log.info('update verified and staged', { version, key: check.keyId, critical: staged.critical });
    this.setState({ type: 'staged', version, notes: staged.notes, critical: staged.critical });
    this.applyTick();
    return this.current;
  }

  private async refuse(version: string, file: string | null, reason: string): Promise<UpdateState> {
    this.opts.log.error('refused an update', { version, reason });
    this.refused.set(version, reason);
    if (file) {
      await (this.opts.removeArtifact ?? ((f: string) => rm(f, { force: true })))(file).catch((err: unknown) =>
        this.opts.log.warn('could not delete a refused update', { file, error: errorMessage(err) }),
      );
    }
    return this.setState({ type: 'refused', version, reason });
  }

  private applyTick(): void {
    this.applyTimer = null;
    const staged = this.staged;
    if (!staged || this.current.type === 'installing') return;
    const decision = decideApply({ now: this.opts.timers.now(), waitingSince: this.waitingSince, activeJobs: this.opts.activeJobs(), critical: staged.critical });
    if (decision.type === 'install') {
      if (decision.reason === 'waited-long-enough') this.opts.log.warn('installing the update although jobs still run: the wait is over', { version: staged.version });
      void this.install(staged);
      return;
    }
    if (this.current.type !== 'waiting-for-jobs') {
      this.opts.log.info('update waits for running jobs', { version: staged.version, until: new Date(decision.deadline).toISOString() });
      this.setState({ type: 'waiting-for-jobs', version: staged.version, critical: staged.critical, deadline: decision.deadline, notes: staged.notes });
    }
    this.applyTimer = this.opts.timers.setTimeout(() => this.applyTick(), Math.min(this.opts.pollMs ?? POLL_MS, Math.max(0, decision.deadline - this.opts.timers.now())));
  }

  private async install(staged: StagedUpdate): Promise<void> {
    if (this.current.type === 'installing') return;
    if (this.applyTimer !== null) this.opts.timers.clearTimeout(this.applyTimer);
    this.applyTimer = null;
    this.setState({ type: 'installing', version: staged.version });
    try {
      await this.opts.install(staged);
    } catch (err) {
      this.opts.log.error('installing the update failed', { version: staged.version, error: errorMessage(err) });
      this.staged = null;
      this.setState({ type: 'error', message: `installing ${staged.version} failed: ${errorMessage(err)}` });
    }
  }

  private setState(s: UpdateState): UpdateState {
    this.current = s;
    for (const fn of this.listeners) {
      try {
        fn(s);
      } catch (err) {
        this.opts.log.error('update state listener failed', { error: errorMessage(err) });
      }
    }
    return s;
  }
}
