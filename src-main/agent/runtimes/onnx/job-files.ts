// The files a job needs, through the model cache: the model itself, the tokenizer for text tasks
// (required: §8.2 fails text tasks without one), and the optional companions, tokenizer_config.json
// (special tokens, length limit) and config.json (class names). An optional file that is not
// there is remembered for a while, so a model published without one does not cost a request per job.
import { errorMessage } from '../../../../src-shared/errors';
import { sidecarUri, type SidecarName } from '../../../../src-shared/domain/onnx/sidecar-uris';
import type { OnnxTask } from '../../../../src-shared/domain/onnx/tasks';
import type { Logger } from '../../log/logger';
import { ModelFetchError, type ModelLease, type ModelStore } from '../../models/model-store';

export interface JobFiles {
  model: ModelLease;
  tokenizer: ModelLease | null;
  tokenizerConfig: ModelLease | null;
  config: ModelLease | null;
  /** Releases every lease (idempotent). */
  release(): void;
}

export type FetchOutcome = { ok: true; files: JobFiles } | { ok: false; aborted: boolean; error: string };

export interface FetchRequest {
  modelUri: string;
  modelHash: string | null;
  task: OnnxTask;
  needsTokenizer: boolean;
  signal: AbortSignal;
}

export class JobFileFetcher {
  private readonly missing = new Map<string, number>();

  constructor(
    private readonly store: ModelStore,
    private readonly log: Logger,
    private readonly missingTtlMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  async fetch(req: FetchRequest): Promise<FetchOutcome> {
    const { modelUri, signal } = req;
    const tokenizerUri = req.needsTokenizer ? sidecarUri(modelUri, 'tokenizer.json') : null;
    if (req.needsTokenizer && !tokenizerUri) {
      return { ok: false, aborted: false, error: `ONNX error: ${req.task} needs a tokenizer, and no tokenizer.json can be located next to ${modelUri}` };
    }
    const settled = await Promise.allSettled([
      this.store.acquire({ uri: modelUri, sha256: req.modelHash, signal, purpose: 'job' }),
      tokenizerUri ? this.store.acquire({ uri: tokenizerUri, signal, purpose: 'tokenizer' }) : Promise.resolve(null),
      req.needsTokenizer ? this.optional(modelUri, 'tokenizer_config.json', signal) : Promise.resolve(null),
      this.optional(modelUri, 'config.json', signal),
    ]);
    const leases = settled.flatMap((s) => (s.status === 'fulfilled' && s.value ? [s.value] : []));
    const release = () => leases.forEach((l) => l.release());
    const [model, tokenizer, tokenizerConfig, config] = settled;
    if (signal.aborted) {
      release();
      return { ok: false, aborted: true, error: 'aborted' };
    }
    if (model.status === 'rejected') {
      release();
      return { ok: false, aborted: false, error: `Failed to download ONNX model: ${modelUri}: ${errorMessage(model.reason)}` };
    }
    if (tokenizer.status === 'rejected') {
      release();
      return { ok: false, aborted: false, error: `ONNX error: ${req.task} needs the model's tokenizer, and ${tokenizerUri} could not be fetched: ${errorMessage(tokenizer.reason)}` };
    }
    const value = <T>(s: PromiseSettledResult<T>): T | null => (s.status === 'fulfilled' ? s.value : null);
    return {
      ok: true,
      files: { model: model.value, tokenizer: value(tokenizer), tokenizerConfig: value(tokenizerConfig), config: value(config), release },
    };
  }

  private remember(uri: string): void {
    const now = this.now();
    for (const [u, until] of this.missing) if (until <= now) this.missing.delete(u);
    this.missing.set(uri, now + this.missingTtlMs);
  }

  /** A companion file, or null when it is not there (logged, and not asked for again for a while). */
  private async optional(modelUri: string, name: SidecarName, signal: AbortSignal): Promise<ModelLease | null> {
    const uri = sidecarUri(modelUri, name);
    if (!uri) return null;
    const until = this.missing.get(uri);
    if (until !== undefined && until > this.now()) return null;
    try {
      const lease = await this.store.acquire({ uri, signal, purpose: 'tokenizer' });
      this.missing.delete(uri);
      return lease;
    } catch (err) {
      if (err instanceof ModelFetchError && err.kind === 'aborted') return null;
      this.remember(uri);
      this.log.debug(`onnx model has no usable ${name}`, { uri, error: errorMessage(err) });
      return null;
    }
  }
}
