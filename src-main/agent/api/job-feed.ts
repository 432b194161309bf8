// The Island's job events as the dashboard's live feed: a 'job' event when a job starts or ends
// (the ledger row as it now stands, credits included), and its output batched into at most one
// 'job-output' event per job every 250 ms (a fast model streams hundreds of tokens a second).
import type { ApiEvent } from '../../../src-shared/api/events';
import type { JobEvent } from '../jobs/job-engine';
import type { JobLedger } from '../ledger/job-ledger';
import { jobView } from './jobs';

/** Text kept per batch: the UI shows a tail, and one event must stay well under a frame's size. */
const MAX_BATCH_CHARS = 16 * 1024;

interface Pending {
  text: string;
  timer: NodeJS.Timeout | null;
}

export class JobFeed {
  private readonly tokens = new Map<string, number>();
  private readonly pending = new Map<string, Pending>();

  constructor(
    private readonly ledger: JobLedger,
    private readonly publish: (event: ApiEvent) => void,
    /** False while no dashboard is connected: token counts are still kept, nothing is batched. */
    private readonly watched: () => boolean,
    private readonly batchMs = 250,
  ) {}

  tokensOf(jobId: string): number {
    return this.tokens.get(jobId) ?? 0;
  }

  handle(e: JobEvent): void {
    if (e.type === 'started') {
      this.tokens.set(e.job.job_id, 0);
      this.publishRow(e.job.job_id);
    } else if (e.type === 'token') {
      this.tokens.set(e.jobId, (this.tokens.get(e.jobId) ?? 0) + 1);
      if (this.watched()) this.add(e.jobId, e.text);
    } else if (e.type === 'finished') {
      this.flush(e.job.job_id);
      this.publishRow(e.job.job_id);
      this.tokens.delete(e.job.job_id);
    }
  }

  close(): void {
    for (const p of this.pending.values()) if (p.timer) clearTimeout(p.timer);
    this.pending.clear();
  }

  private add(jobId: string, text: string): void {
    let p = this.pending.get(jobId);
    if (!p) this.pending.set(jobId, (p = { text: '', timer: null }));
    p.text += text;
    if (p.text.length > MAX_BATCH_CHARS) p.text = `…${p.text.slice(-MAX_BATCH_CHARS)}`;
    p.timer ??= setTimeout(() => this.flush(jobId), this.batchMs);
  }

  private flush(jobId: string): void {
    const p = this.pending.get(jobId);
    if (!p) return;
    if (p.timer) clearTimeout(p.timer);
    this.pending.delete(jobId);
    if (p.text) this.publish({ type: 'job-output', jobId, text: p.text, tokens: this.tokensOf(jobId) });
  }

  private publishRow(jobId: string): void {
    if (!this.watched()) return;
    const row = this.ledger.get(jobId);
    if (row) this.publish({ type: 'job', job: jobView(row, this.tokens.get(jobId)) });
  }
}
