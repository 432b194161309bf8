// What runtimes tell the rest of the Island besides job output: image pulls and downloads with
// progress (the dashboard shows them), and changes in whether a runtime can take jobs (Docker
// went away or came back), which the next heartbeat's `supported_runtimes` reflects at once.
import type { KnownRuntime } from '../../../src-shared/protocol/messages';

export type RuntimeEvent =
  | { type: 'image-pull'; image: string; phase: 'started' | 'progress' | 'done' | 'failed'; currentBytes?: number; totalBytes?: number; error?: string }
  | DownloadEvent
  | { type: 'availability'; runtime: KnownRuntime; available: boolean; reason?: string };

/**
 * A file download (a WASM module, a model). The model cache adds what the dashboard needs to
 * tell its downloads apart: `source`, the cache `key`, the `uri` asked for, the `purpose`
 * (a job waits, or a background preload) and `paused` while a preload gives way to a job.
 */
export interface DownloadEvent {
  type: 'download';
  url: string;
  phase: 'started' | 'progress' | 'done' | 'failed';
  receivedBytes?: number;
  totalBytes?: number;
  error?: string;
  source?: 'model' | 'wasm';
  key?: string;
  uri?: string;
  purpose?: 'job' | 'preload';
  paused?: boolean;
}

export type RuntimeEventSink = (event: RuntimeEvent) => void;

export class RuntimeEventHub {
  private readonly listeners = new Set<RuntimeEventSink>();

  readonly emit: RuntimeEventSink = (event) => {
    for (const fn of this.listeners) {
      try {
        fn(event);
      } catch {
        // A listener's failure must not break the runtime that reported the event.
      }
    }
  };

  on(fn: RuntimeEventSink): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }
}
