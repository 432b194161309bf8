import type { CachedItemView } from '../../../../src-shared/api/views';
import { formatBytes, formatDateTime } from '../../format/units';

export interface CacheSectionProps {
  title: string;
  kind: 'model' | 'image';
  cache: { items: CachedItemView[]; usedBytes: number; capBytes: number };
  busy: boolean;
  onFreeItem(id: string): void;
  onFreeKind(kind: 'model' | 'image'): void;
}

export function CacheSection({ title, kind, cache, busy, onFreeItem, onFreeKind }: CacheSectionProps) {
  const plural = kind === 'model' ? 'models' : 'images';
  const freeable = cache.items.some((i) => !i.inUse);
  return (
    <div className="card" data-testid={`cache-${kind}`}>
      <div className="spread">
        <h2>{title}</h2>
        <button type="button" className="danger" disabled={busy || !freeable} onClick={() => onFreeKind(kind)}>
          Free all unused {plural}
        </button>
      </div>
      <p className="muted small">
        {formatBytes(cache.usedBytes)} used of {formatBytes(cache.capBytes)}
      </p>
      <progress aria-label={`${title} cache use`} max={1} value={cache.capBytes > 0 ? Math.min(1, cache.usedBytes / cache.capBytes) : 0} />
      {cache.items.length === 0 ? (
        <p className="muted">No {plural} cached.</p>
      ) : (
        <div className="table-wrap">
          <table>
            <caption className="visually-hidden">Cached {plural}</caption>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col" className="num">
                  Size
                </th>
                <th scope="col">Last used</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {cache.items.map((item) => (
                <tr key={item.id} data-testid={`cached-${item.id}`}>
                  <td className="mono small">{item.name}</td>
                  <td className="num">{formatBytes(item.sizeBytes)}</td>
                  <td>{formatDateTime(item.lastUsedAt)}</td>
                  <td>
                    {item.inUse ? (
                      <span className="badge accent">in use</span>
                    ) : (
                      <button type="button" disabled={busy} onClick={() => onFreeItem(item.id)} aria-label={`Free ${item.name}`}>
                        Free
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
