// Placeholder entry until the dashboard lands (issue 5).
import { createRoot } from 'react-dom/client';

createRoot(document.getElementById('root')!).render(<p>Island dashboard</p>);
