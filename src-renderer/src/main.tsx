// The dashboard's entry: connect (preload bridge in the desktop app, WebSocket headless) and render.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { ApiProvider } from './api/api-context';
import { connectFromPage } from './api/choose-transport';
import { App } from './app/App';
import './styles/theme.css';
import './styles/base.css';
import './styles/layout.css';
import './styles/components.css';

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
const link = connectFromPage(window);
// A page kept in the back/forward cache may come back, so only a real unload ends the link.
window.addEventListener('pagehide', (e) => {
  if (!e.persisted) link.stop();
});

createRoot(root).render(
  <StrictMode>
    <ApiProvider api={link.api} connection={link.connection}>
      <App />
    </ApiProvider>
  </StrictMode>,
);
