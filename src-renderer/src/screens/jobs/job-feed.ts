// The live job feed as pure state: 'job' and 'job-output' events folded in batches. A model can
// stream fast, so the screen applies events a few times a second (not once per event) and keeps
// only the tail of each job's text.
import type { ActiveJobView, JobView } from '../../../../src-shared/api/views';

/** Characters of streamed text kept per running job. */
export const MAX_TAIL_CHARS = 2000;
/** Finished jobs kept from events (the ledger has the rest). */
export const MAX_RECENT = 200;

export interface LiveJob {
  jobId: string;
  workloadId: string | null;
  runtime: string;
  startedAt: number;
  tokens: number;
  tail: string;
}

export interface FeedState {
  /** Running jobs, oldest first. */
  live: readonly LiveJob[];
  /** Jobs that ended since the page loaded, newest first. */
  recent: readonly JobView[];
}

export type FeedEvent = { type: 'job'; job: JobView } | { type: 'job-output'; jobId: string; text: string; tokens: number };

export const EMPTY_FEED: FeedState = { live: [], recent: [] };

/** Seeds the feed with the jobs status.get said were running (the page may open mid-job); never revives one that ended. */
export function seedLive(state: FeedState, active: readonly ActiveJobView[]): FeedState {
  const known = new Set([...state.live.map((j) => j.jobId), ...state.recent.map((j) => j.jobId)]);
  const added = active.filter((a) => !known.has(a.jobId)).map((a): LiveJob => ({ ...a, tail: '' }));
  return added.length === 0 ? state : { ...state, live: [...state.live, ...added] };
}

export function keepTail(text: string, max = MAX_TAIL_CHARS): string {
  return text.length <= max ? text : text.slice(text.length - max);
}

export function applyFeedEvents(state: FeedState, events: readonly FeedEvent[]): FeedState {
  if (events.length === 0) return state;
  const live = new Map(state.live.map((j) => [j.jobId, j]));
  let recent = state.recent;
  const ended: JobView[] = [];
  // The agent may flush a job's last output after its end: that must not bring it back to life.
  const endedIds = new Set(state.recent.map((j) => j.jobId));
  for (const e of events) {
    if (e.type === 'job-output') {
      if (endedIds.has(e.jobId)) continue;
      const job = live.get(e.jobId) ?? { jobId: e.jobId, workloadId: null, runtime: '', startedAt: Date.now(), tokens: 0, tail: '' };
      live.set(e.jobId, { ...job, tokens: Math.max(job.tokens, e.tokens), tail: keepTail(job.tail + e.text) });
    } else if (e.job.state === 'running') {
      const prev = live.get(e.job.jobId);
      live.set(e.job.jobId, {
        jobId: e.job.jobId,
        workloadId: e.job.workloadId,
        runtime: e.job.runtime,
        startedAt: e.job.startedAt,
        tokens: Math.max(prev?.tokens ?? 0, e.job.tokens),
        tail: prev?.tail ?? '',
      });
    } else {
      live.delete(e.job.jobId);
      ended.push(e.job);
      endedIds.add(e.job.jobId);
    }
  }
  if (ended.length > 0) {
    const now = new Set(ended.map((j) => j.jobId));
    recent = [...ended.reverse(), ...recent.filter((j) => !now.has(j.jobId))].slice(0, MAX_RECENT);
  }
  return { live: [...live.values()], recent };
}

/** History as shown: jobs that ended since the page loaded, then the ledger's, without duplicates. */
export function mergeHistory(recent: readonly JobView[], loaded: readonly JobView[]): JobView[] {
  const seen = new Set(recent.map((j) => j.jobId));
  return [...recent, ...loaded.filter((j) => !seen.has(j.jobId) && j.state !== 'running')];
}
