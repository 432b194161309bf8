import { useAlerts } from '../alerts/alerts-context';
import { SCREENS } from './screens';

/** Where the alerts panel is: its nav item carries the count of alerts not dismissed. */
const ALERTS_SCREEN = 'availability';

export function Nav({ current }: { current: string }) {
  const { alerts } = useAlerts();
  return (
    <nav className="nav" aria-label="Dashboard sections">
      <div className="nav-brand">Island</div>
      <ul>
        {SCREENS.map((s) => (
          <li key={s.id}>
            <a href={`#/${s.id}`} aria-current={s.id === current ? 'page' : undefined} data-testid={`nav-${s.id}`}>
              {s.label}
            </a>
            {s.id === ALERTS_SCREEN && alerts.length > 0 && (
              <span className="badge warn nav-badge" data-testid="nav-alerts-badge" role="status" aria-label={`${alerts.length} alert${alerts.length === 1 ? '' : 's'}`}>
                {alerts.length}
              </span>
            )}
          </li>
        ))}
      </ul>
    </nav>
  );
}
