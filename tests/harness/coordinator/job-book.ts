// Every job the harness assigned, and everything the Island said about it, checked against the
// state machine as it arrives. The coordinator's other books learn about outcomes through hooks
// (karma on terminal states and expired leases).
import type {
  AssignJob,
  JobImageOutput,
  JobOutput,
  JobProgress,
  JobStatus,
  LeaseRenewal,
  TerminalJobState,
} from '../../../src-shared/protocol/messages';
import { checkActivity, checkOutput, checkStatus, isTerminal, NEW_JOB_TRACK, type JobTrack } from './job-state-machine';
import type { PriceSource } from './market';
import type { JobRecord, Received, Violation } from './types';

export interface NewJob {
  jobId: string;
  hostId: string;
  workloadSlug: string;
  assignment: AssignJob | null;
  published: string;
  dispatchedAt: number;
  leaseExpiresAt: number;
  clearingPrice: number;
  priceSource: PriceSource;
  bid: number;
}

interface JobState extends NewJob {
  track: JobTrack;
  startedAt: number | null;
  statuses: Received<JobStatus>[];
  outputs: Received<JobOutput>[];
  progress: Received<JobProgress>[];
  images: Received<JobImageOutput>[];
  leaseRenewals: Received<LeaseRenewal>[];
  leaseExpired: boolean;
  cancelRequestedAt: number | null;
  violations: Violation[];
}

/** Where a message came from, for violations. */
export interface Origin {
  subject: string;
  hostId: string;
  raw: string;
  at: number;
}

export interface JobBookHooks {
  violation(v: Violation): void;
  /** The job reached its (first) terminal state; `durationMs` runs from `started` (or dispatch). */
  terminal(job: Readonly<NewJob>, state: TerminalJobState, error: string | undefined, durationMs: number, at: number): void;
  leaseExpired(job: Readonly<NewJob>, at: number): void;
}

export class JobBook {
  private readonly jobs = new Map<string, JobState>();

  constructor(private readonly hooks: JobBookHooks) {}

  add(job: NewJob): void {
    this.jobs.set(job.jobId, {
      ...job,
      track: NEW_JOB_TRACK,
      startedAt: null,
      statuses: [],
      outputs: [],
      progress: [],
      images: [],
      leaseRenewals: [],
      leaseExpired: false,
      cancelRequestedAt: null,
      violations: [],
    });
  }

  has(jobId: string): boolean {
    return this.jobs.has(jobId);
  }

  /** Forget a job whose publish failed: the Island never had a chance to see it. */
  remove(jobId: string): void {
    this.jobs.delete(jobId);
  }

  ids(hostId?: string): string[] {
    return [...this.jobs.values()].filter((j) => hostId === undefined || j.hostId === hostId).map((j) => j.jobId);
  }

  status(msg: JobStatus, from: Origin): void {
    const job = this.owned(msg.job_id, 'status', from);
    if (!job) return;
    const before = job.track.state;
    const { track, error } = checkStatus(job.track, msg.state);
    this.flag(job, error, from);
    job.track = track;
    job.statuses.push({ at: from.at, message: msg, raw: from.raw });
    if (msg.state === 'started' && job.startedAt === null) job.startedAt = from.at;
    if (!isTerminal(before) && isTerminal(track.state)) {
      const durationMs = from.at - (job.startedAt ?? job.dispatchedAt);
      if (!job.leaseExpired) this.hooks.terminal(job, track.state, msg.error, durationMs, from.at);
    }
  }

  output(msg: JobOutput, from: Origin): void {
    const job = this.owned(msg.job_id, 'output', from);
    if (!job) return;
    const { track, error } = checkOutput(job.track, msg.seq, msg.is_final);
    this.flag(job, error, from);
    job.track = track;
    job.outputs.push({ at: from.at, message: msg, raw: from.raw });
  }

  progress(msg: JobProgress, from: Origin): void {
    const job = this.owned(msg.job_id, 'progress', from);
    if (!job) return;
    this.flag(job, checkActivity(job.track, 'progress'), from);
    job.progress.push({ at: from.at, message: msg, raw: from.raw });
  }

  image(msg: JobImageOutput, from: Origin): void {
    const job = this.owned(msg.job_id, 'image', from);
    if (!job) return;
    this.flag(job, checkActivity(job.track, 'image'), from);
    job.images.push({ at: from.at, message: msg, raw: from.raw });
  }

  lease(msg: LeaseRenewal, from: Origin): void {
    const job = this.owned(msg.job_id, 'lease renewal', from);
    if (!job) return;
    this.flag(job, checkActivity(job.track, 'lease renewal'), from);
    job.leaseRenewals.push({ at: from.at, message: msg, raw: from.raw });
    job.leaseExpiresAt = Math.max(job.leaseExpiresAt, from.at + msg.extend_seconds * 1000);
  }

  cancelRequested(jobId: string, at: number): void {
    const job = this.jobs.get(jobId);
    if (job && job.cancelRequestedAt === null) job.cancelRequestedAt = at;
  }

  /** Mark running jobs whose lease ran out; returns how many expired now. */
  expireLeases(now: number): number {
    let n = 0;
    for (const job of this.jobs.values()) {
      if (job.leaseExpired || isTerminal(job.track.state) || now <= job.leaseExpiresAt) continue;
      job.leaseExpired = true;
      n += 1;
      this.hooks.leaseExpired(job, now);
    }
    return n;
  }

  /** Jobs assigned but not started yet, by slug: the harness's own queue. */
  queuedBySlug(): Map<string, number> {
    const queued = new Map<string, number>();
    for (const j of this.jobs.values()) {
      if (j.track.state === 'assigned' && !j.leaseExpired) queued.set(j.workloadSlug, (queued.get(j.workloadSlug) ?? 0) + 1);
    }
    return queued;
  }

  countInState(state: string): number {
    let n = 0;
    for (const j of this.jobs.values()) if (j.track.state === state) n += 1;
    return n;
  }

  view(jobId: string): JobRecord | undefined {
    const j = this.jobs.get(jobId);
    if (!j) return undefined;
    return {
      jobId: j.jobId,
      hostId: j.hostId,
      workloadSlug: j.workloadSlug,
      assignment: j.assignment,
      published: j.published,
      dispatchedAt: j.dispatchedAt,
      clearingPrice: j.clearingPrice,
      priceSource: j.priceSource,
      bid: j.bid,
      state: j.track.state,
      statuses: j.statuses,
      outputs: j.outputs,
      text: j.outputs.filter((o) => !o.message.is_final).map((o) => o.message.chunk).join(''),
      progress: j.progress,
      images: j.images,
      leaseRenewals: j.leaseRenewals,
      leaseExpiresAt: j.leaseExpiresAt,
      leaseExpired: j.leaseExpired,
      cancelRequestedAt: j.cancelRequestedAt,
      violations: j.violations,
    };
  }

  /** The job, if it exists and belongs to the host that spoke; otherwise a violation and undefined. */
  private owned(jobId: string, kind: string, from: Origin): JobState | undefined {
    const job = this.jobs.get(jobId);
    if (!job) {
      this.hooks.violation({ ...base(from), jobId, error: `${kind} for unknown job '${jobId}' (never assigned by this coordinator)` });
      return undefined;
    }
    if (job.hostId !== from.hostId) {
      this.flag(job, `${kind} from host '${from.hostId}' for a job assigned to '${job.hostId}'`, from);
      return undefined;
    }
    return job;
  }

  private flag(job: JobState, error: string | null, from: Origin): void {
    if (!error) return;
    const v: Violation = { ...base(from), jobId: job.jobId, error };
    job.violations.push(v);
    this.hooks.violation(v);
  }
}

function base(from: Origin): Omit<Violation, 'error' | 'jobId'> {
  return { subject: from.subject, raw: from.raw, at: from.at, hostId: from.hostId };
}
