// Applies the reference's output rules for one job (§3.15, §4.5): `seq` starts at the runtime's
// base and advances per token, the final chunk takes the next `seq`, `streaming` is sent once,
// and nothing is published after the final chunk or after the job has ended.
import type { ImageOutput, JobEmitter } from './runtime';
import type { JobReporter } from './reporter';

export interface EmitterHooks {
  /** Called for every token (the dashboard's live feed, token counts). */
  onToken?(text: string): void;
}

export class SeqEmitter implements JobEmitter {
  private nextSeq: number;
  private sentStreaming = false;
  private sentFinal = false;
  private closed = false;
  private tokens = 0;

  constructor(
    private readonly jobId: string,
    seqBase: 0 | 1,
    private readonly reporter: JobReporter,
    private readonly hooks: EmitterHooks = {},
  ) {
    this.nextSeq = seqBase;
  }

  get tokensSent(): number {
    return this.tokens;
  }

  /** After close, late output from a runtime that ignored its abort signal is dropped. */
  close(): void {
    this.closed = true;
  }

  streaming(): void {
    if (this.sentStreaming || !this.open()) return;
    this.sentStreaming = true;
    this.reporter.status(this.jobId, 'streaming');
  }

  token(text: string): void {
    if (!this.open()) return;
    this.tokens += 1;
    this.reporter.output({ job_id: this.jobId, seq: this.nextSeq++, chunk: text, is_final: false });
    this.hooks.onToken?.(text);
  }

  final(chunk = ''): void {
    if (!this.open()) return;
    this.sentFinal = true;
    this.reporter.output({ job_id: this.jobId, seq: this.nextSeq, chunk, is_final: true });
  }

  progress(step: number, total: number): void {
    if (!this.open()) return;
    this.reporter.progress({ job_id: this.jobId, step, total });
  }

  image(image: ImageOutput): void {
    if (!this.open()) return;
    const { data, format, width, height, seed } = image;
    this.reporter.image({ job_id: this.jobId, image_data: data, format, width, height, ...(seed === undefined ? {} : { seed }) });
  }

  private open(): boolean {
    return !this.closed && !this.sentFinal;
  }
}
