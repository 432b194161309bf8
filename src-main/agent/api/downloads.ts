// Downloads and image pulls as the dashboard lists them: the latest state of each, from the
// runtimes' events. Finished ones stay visible for a while (the owner sees "done" or why it
// failed), then drop off.
import type { DownloadView } from '../../../src-shared/api/views';
import type { RuntimeEvent } from '../runtimes/runtime-events';

export class DownloadTracker {
  private readonly byId = new Map<string, DownloadView>();

  constructor(
    private readonly now: () => number = Date.now,
    private readonly keepFinishedMs = 60_000,
  ) {}

  /** Folds a runtime event in; returns the download's new state, or null for other events. */
  apply(event: RuntimeEvent): DownloadView | null {
    if (event.type === 'availability') return null;
    // A 'download' without a source is the WASM module store's; the model cache says so itself.
    const kind = event.type === 'image-pull' ? 'image' : event.source === 'model' ? 'model' : 'wasm';
    const id = event.type === 'image-pull' ? `image:${event.image}` : `${kind}:${event.key ?? event.url}`;
    const previous = this.byId.get(id);
    const received = event.type === 'image-pull' ? event.currentBytes : event.receivedBytes;
    const view: DownloadView = {
      id,
      kind,
      target: event.type === 'image-pull' ? event.image : (event.uri ?? event.url),
      phase: event.phase,
      receivedBytes: received ?? (event.phase === 'started' ? 0 : (previous?.receivedBytes ?? 0)),
      totalBytes: event.totalBytes ?? (event.phase === 'started' ? null : (previous?.totalBytes ?? null)),
      error: event.phase === 'failed' ? (event.error ?? 'failed') : null,
      updatedAt: this.now(),
    };
    if (view.phase === 'done' && view.totalBytes !== null) view.receivedBytes = view.totalBytes;
    this.byId.set(id, view);
    return view;
  }

  list(): DownloadView[] {
    const cutoff = this.now() - this.keepFinishedMs;
    for (const [id, d] of this.byId) if ((d.phase === 'done' || d.phase === 'failed') && d.updatedAt < cutoff) this.byId.delete(id);
    return [...this.byId.values()].sort((a, b) => b.updatedAt - a.updatedAt);
  }
}
