// Recent alerts (went offline, failed jobs in a row, no jobs, update ready, disk low), newest
// first, each dismissable.
import { formatDateTime } from '../format/units';
import { useAlerts } from './alerts-context';

const KIND_LABELS: Record<string, string> = {
  offline: 'Offline',
  'failed-streak': 'Failed jobs',
  'no-jobs': 'No jobs',
  'update-ready': 'Update',
  'disk-low': 'Disk space',
};

export function AlertsPanel() {
  const { alerts, dismiss, dismissAll } = useAlerts();
  return (
    <section className="card" aria-labelledby="alerts-heading" data-testid="alerts-panel">
      <div className="spread">
        <h2 id="alerts-heading">Alerts</h2>
        {alerts.length > 1 && (
          <button type="button" onClick={dismissAll} data-testid="alerts-dismiss-all">
            Dismiss all
          </button>
        )}
      </div>
      {alerts.length === 0 ? (
        <p className="muted" data-testid="alerts-empty">
          No alerts since this page opened.
        </p>
      ) : (
        <ul className="stack alert-list">
          {alerts.map((a) => (
            <li key={a.id} className={`alert-item ${a.severity}`} data-testid={`alert-${a.kind}`} data-alert-kind={a.kind}>
              <div className="spread">
                <span className="row">
                  <span className={`badge ${a.severity === 'warning' ? 'warn' : 'accent'}`}>{KIND_LABELS[a.kind] ?? a.kind}</span>
                  <strong>{a.title}</strong>
                </span>
                <button type="button" aria-label={`Dismiss alert: ${a.title}`} onClick={() => dismiss(a.id)}>
                  Dismiss
                </button>
              </div>
              <p className="alert-message">{a.message}</p>
              <p className="muted small">
                <time dateTime={new Date(a.at).toISOString()}>{formatDateTime(a.at)}</time>
              </p>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
