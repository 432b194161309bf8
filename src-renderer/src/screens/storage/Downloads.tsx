import type { DownloadView } from '../../../../src-shared/api/views';
import { formatBytes, formatPercent } from '../../format/units';
import { downloadFraction } from './downloads';

export function Downloads({ downloads }: { downloads: readonly DownloadView[] }) {
  if (downloads.length === 0) return <p className="muted">Nothing is downloading.</p>;
  return (
    <ul className="stack" aria-label="Downloads">
      {downloads.map((d) => {
        const fraction = downloadFraction(d);
        const label = `${d.kind} ${d.target}`;
        return (
          <li key={d.id} data-testid={`download-${d.id}`}>
            <div className="spread">
              <span className="mono small">{d.target}</span>
              <span className="muted small">
                {d.phase === 'failed' ? 'failed' : d.phase === 'done' ? 'done' : fraction === null ? formatBytes(d.receivedBytes) : `${formatBytes(d.receivedBytes)} of ${formatBytes(d.totalBytes)} (${formatPercent(fraction, 0)})`}
              </span>
            </div>
            {d.phase === 'failed' ? (
              <p className="field-error small">{d.error ?? 'download failed'}</p>
            ) : (
              <progress aria-label={`Download of ${label}`} max={1} value={fraction ?? undefined} />
            )}
          </li>
        );
      })}
    </ul>
  );
}
