import { SCREENS } from './screens';

export function Nav({ current }: { current: string }) {
  return (
    <nav className="nav" aria-label="Dashboard sections">
      <div className="nav-brand">Island</div>
      <ul>
        {SCREENS.map((s) => (
          <li key={s.id}>
            <a href={`#/${s.id}`} aria-current={s.id === current ? 'page' : undefined} data-testid={`nav-${s.id}`}>
              {s.label}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}
