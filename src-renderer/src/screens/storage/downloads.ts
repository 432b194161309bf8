// Download progress as events arrive: the latest state per download id, newest first.
import type { DownloadView } from '../../../../src-shared/api/views';

export function upsertDownload(list: readonly DownloadView[], d: DownloadView): DownloadView[] {
  return [d, ...list.filter((x) => x.id !== d.id)].sort((a, b) => b.updatedAt - a.updatedAt);
}

/** 0–1, or null when the total size is unknown. */
export function downloadFraction(d: DownloadView): number | null {
  if (d.phase === 'done') return 1;
  if (d.totalBytes === null || d.totalBytes <= 0) return null;
  return Math.min(1, d.receivedBytes / d.totalBytes);
}
