// Models and images on disk: what is cached and how big, downloads with progress, and buttons
// that free space (items in use are kept; the agent refuses to remove them anyway).
import { useState } from 'react';
import { useApi } from '../../api/api-context';
import { useApiEvent } from '../../api/use-event';
import { useQuery } from '../../api/use-query';
import { describeError } from '../../components/errors';
import { Loaded } from '../../components/Loaded';
import { formatBytes } from '../../format/units';
import { CacheSection } from './CacheSection';
import { Downloads } from './Downloads';
import { upsertDownload } from './downloads';

type FreeTarget = { id: string } | { kind: 'model' | 'image' | 'all' };

export default function StorageScreen() {
  const api = useApi();
  const storage = useQuery('storage.get');
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ tone: 'ok' | 'error'; text: string } | null>(null);

  useApiEvent('download', (e) => storage.patch((prev) => ({ ...prev, downloads: upsertDownload(prev.downloads, e.download) })));

  const free = async (target: FreeTarget) => {
    setBusy(true);
    setMessage(null);
    try {
      const { freedBytes, ...view } = await api.call('storage.free', target);
      storage.set(view);
      setMessage({ tone: 'ok', text: `Freed ${formatBytes(freedBytes)}.` });
    } catch (err) {
      setMessage({ tone: 'error', text: `Could not free space: ${describeError(err)}` });
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="screen">
      <h1 id="screen-title">Models and images</h1>
      <Loaded query={storage} what="storage">
        {(view) => (
          <>
            <div className="card spread">
              <div>
                Disk free: <strong data-testid="disk-free">{formatBytes(view.diskFreeBytes)}</strong>
              </div>
              <button type="button" className="danger" disabled={busy} onClick={() => void free({ kind: 'all' })}>
                Free all unused
              </button>
            </div>
            {message && (
              <p className={message.tone === 'ok' ? 'notice' : 'field-error'} role="status" data-testid="storage-message">
                {message.text}
              </p>
            )}
            <div className="card">
              <h2>Downloads</h2>
              <Downloads downloads={view.downloads} />
            </div>
            <CacheSection title="Models" kind="model" cache={view.models} busy={busy} onFreeItem={(id) => void free({ id })} onFreeKind={(kind) => void free({ kind })} />
            <CacheSection title="Container images" kind="image" cache={view.images} busy={busy} onFreeItem={(id) => void free({ id })} onFreeKind={(kind) => void free({ kind })} />
          </>
        )}
      </Loaded>
    </section>
  );
}
