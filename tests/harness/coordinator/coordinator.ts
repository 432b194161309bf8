// The control surface tests use: send jobs, cancels and preloads, read the records, wait for the
// Island to do things. State and rules live in CoordinatorCore; this class only drives it.
import { randomUUID } from 'node:crypto';
import type { NatsConnection } from '@nats-io/nats-core';
import { decodeAssignJob } from '../../../src-shared/protocol/decode';
import { encodeAssignJob, encodeCancelJob, encodePreloadRecommendation } from '../../../src-shared/protocol/encode';
import type { AssignJob } from '../../../src-shared/protocol/messages';
import { hostSubjects, validateHostId } from '../../../src-shared/protocol/subjects';
import type { Clock } from './clock';
import type { CoordinatorCore } from './core';
import { describeViolations } from './describe';
import type { RunningHttpServer } from './http-server';
import type { TrackedState } from './job-state-machine';
import type { JobsOutlet } from './jobs-stream';
import type { PairingOptions } from './pairing';
import type {
  DispatchJob,
  HostRecord,
  JobRecord,
  PreloadInput,
  ReferenceCoordinator,
  UpdateInfoInput,
  UpdateQuery,
  Violation,
  WaitOptions,
} from './types';
import * as waits from './waits';

/** Slug for jobs dispatched without a workload_id. */
export const UNSPECIFIED_SLUG = 'unspecified';

export interface CoordinatorParts {
  natsUrl: string;
  nc: NatsConnection;
  subs: Array<{ unsubscribe(): void }>;
  outlet: JobsOutlet;
  http: RunningHttpServer;
  timer: NodeJS.Timeout;
  defaultLeaseMs: number;
  waitTimeoutMs: number;
}

export class Coordinator implements ReferenceCoordinator {
  private closed = false;

  constructor(
    private readonly core: CoordinatorCore,
    private readonly parts: CoordinatorParts,
    readonly clock: Clock,
  ) {}

  get natsUrl(): string {
    return this.parts.natsUrl;
  }
  get httpPort(): number {
    return this.parts.http.port;
  }
  get httpUrl(): string {
    return `http://127.0.0.1:${this.parts.http.port}`;
  }
  get jobsStream(): boolean {
    return this.parts.outlet.jetstream;
  }
  get violations(): readonly Violation[] {
    return this.core.violations;
  }
  get httpRequests(): ReferenceCoordinator['httpRequests'] {
    return this.core.httpRequests;
  }
  get updateChecks(): ReferenceCoordinator['updateChecks'] {
    return this.core.updateChecks;
  }

  // ------------------------------------------------------------ coordinator → Island

  async dispatch(hostId: string, job: DispatchJob = {}, opts: { bid?: number } = {}): Promise<string> {
    checkHostId(hostId);
    const jobId = job.job_id ?? randomUUID();
    const leaseExpires = job.lease_expires ?? this.clock.now() + this.parts.defaultLeaseMs;
    const text = encodeAssignJob({ ...job, job_id: jobId, input: job.input !== undefined ? job.input : {}, lease_expires: leaseExpires });
    // Record what the Island will see. A test may dispatch a deliberately odd job (the encoder
    // writes whatever it is given); then only the text is kept.
    const decoded = decodeAssignJob(text);
    return this.publishJob(hostId, jobId, text, decoded.ok ? decoded.value : null, job.workload_id, leaseExpires, opts.bid);
  }

  async publishRawJob(hostId: string, text: string): Promise<string | null> {
    checkHostId(hostId);
    const decoded = decodeAssignJob(text);
    const jobId = decoded.ok ? decoded.value.job_id : decoded.jobId;
    if (jobId === null || this.core.jobs.has(jobId)) {
      await this.parts.outlet.publish(hostSubjects(hostId).jobs, text);
      return jobId;
    }
    const a = decoded.ok ? decoded.value : null;
    const lease = a?.lease_expires ?? this.clock.now() + this.parts.defaultLeaseMs;
    return this.publishJob(hostId, jobId, text, a, a?.workload_id, lease, undefined);
  }

  async cancel(hostId: string, jobId: string): Promise<void> {
    checkHostId(hostId);
    this.core.jobs.cancelRequested(jobId, this.clock.now());
    this.parts.nc.publish(hostSubjects(hostId).cancel, encodeCancelJob({ job_id: jobId }));
    await this.parts.nc.flush();
  }

  async sendPreload(hostId: string, rec: PreloadInput): Promise<void> {
    checkHostId(hostId);
    this.parts.nc.publish(hostSubjects(hostId).preload, encodePreloadRecommendation(rec));
    await this.parts.nc.flush();
  }

  private async publishJob(
    hostId: string,
    jobId: string,
    text: string,
    assignment: AssignJob | null,
    workloadId: AssignJob['workload_id'] | number | undefined,
    leaseExpiresAt: number,
    bid: number | undefined,
  ): Promise<string> {
    if (this.core.jobs.has(jobId)) throw new Error(`job_id '${jobId}' was already dispatched by this coordinator`);
    const slug = workloadId === null || workloadId === undefined ? UNSPECIFIED_SLUG : String(workloadId);
    const dispatchedAt = this.clock.now();
    this.core.addJob({ jobId, hostId, workloadSlug: slug, assignment, published: text, dispatchedAt, leaseExpiresAt }, bid);
    try {
      await this.parts.outlet.publish(hostSubjects(hostId).jobs, text);
    } catch (err) {
      this.core.jobs.remove(jobId);
      throw new Error(`publishing job ${jobId} to host ${hostId} failed: ${String(err)}`, { cause: err });
    }
    this.core.changed();
    return jobId;
  }

  // ------------------------------------------------------------ records and settings

  host(hostId: string): HostRecord | undefined {
    return this.core.hostView(hostId);
  }
  hosts(): HostRecord[] {
    return this.core.hostViews();
  }
  job(jobId: string): JobRecord | undefined {
    return this.core.jobs.view(jobId);
  }
  jobs(hostId?: string): JobRecord[] {
    return this.core.jobs.ids(hostId).map((id) => this.core.jobs.view(id)!);
  }

  approvePairing(hostId: string, accountId: string): void {
    this.core.pairingDesk.approve(hostId, accountId, this.clock.now());
  }
  configurePairing(opts: PairingOptions): void {
    this.core.pairingDesk.configure(opts);
  }
  setRecommendations(recs: PreloadInput[], hostId?: string): void {
    if (hostId === undefined) this.core.recommendations.all = [...recs];
    else this.core.recommendations.byHost.set(hostId, [...recs]);
  }
  setUpdateInfo(info: UpdateInfoInput | ((q: UpdateQuery) => UpdateInfoInput) | null): void {
    this.core.updateInfo = info === null ? null : typeof info === 'function' ? info : () => info;
  }
  setQueuedDemand(slug: string, queued: number): void {
    this.core.market.setQueued(slug, queued);
  }
  snapshotMarket(): void {
    this.core.snapshotMarket();
  }
  tick(): void {
    this.core.tick();
  }

  // ------------------------------------------------------------ waiting

  waitFor<T>(what: string, probe: () => T | null | undefined | false, opts?: WaitOptions): Promise<T> {
    return waits.waitFor(this.core, what, probe, this.timeout(opts));
  }
  waitForHost(hostId?: string, opts?: WaitOptions): Promise<HostRecord> {
    return waits.waitForHost(this.core, hostId, this.timeout(opts));
  }
  waitForHeartbeats(hostId: string, n: number, opts?: WaitOptions): Promise<HostRecord> {
    return waits.waitForHeartbeats(this.core, hostId, n, this.timeout(opts));
  }
  waitForJobState(jobId: string, state: TrackedState | 'terminal', opts?: WaitOptions): Promise<JobRecord> {
    return waits.waitForJobState(this.core, jobId, state, this.timeout(opts));
  }
  waitForViolation(match: waits.ViolationMatch = {}, opts?: WaitOptions): Promise<Violation> {
    return waits.waitForViolation(this.core, match, this.timeout(opts));
  }

  assertNoViolations(): void {
    if (this.core.violations.length > 0) throw new Error(`reference coordinator saw ${describeViolations(this.core.violations)}`);
  }

  clearViolations(): void {
    this.core.violations.length = 0;
  }

  // ------------------------------------------------------------ shutdown

  async close(opts: { keepStream?: boolean } = {}): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.parts.timer);
    this.core.waiters.close();
    for (const s of this.parts.subs) s.unsubscribe();
    await this.parts.http.close();
    if (this.parts.outlet.created && !opts.keepStream && !this.parts.nc.isClosed()) {
      // The server may be gone (a test that killed it); do not hang teardown on it.
      await Promise.race([this.parts.outlet.deleteStream().catch(() => {}), new Promise((r) => setTimeout(r, 2000))]);
    }
    await this.parts.nc.close();
  }

  private timeout(opts?: WaitOptions): number {
    return opts?.timeoutMs ?? this.parts.waitTimeoutMs;
  }
}

function checkHostId(hostId: string): void {
  const why = validateHostId(hostId);
  if (why) throw new Error(why);
}
