// What each tray menu item does. The Island's own state changes go through the same API as the
// dashboard's (availability.set); the rest are the shell's (windows, login item, update, quit).
import type { IslandApi } from '../../../src-shared/api/client';
import { errorMessage } from '../../../src-shared/errors';
import type { Logger } from '../../agent/log/types';
import type { TrayAction } from './tray-view';

export interface TrayActionDeps {
  api: IslandApi;
  showDashboard: (screen?: string) => void;
  toggleLaunchAtLogin: () => Promise<unknown>;
  installUpdate: () => Promise<void>;
  quit: () => Promise<void>;
  /** Re-render the tray (after a change the agent does not report, like the login item). */
  rerender: () => void;
  log: Logger;
}

export function trayActions(deps: TrayActionDeps): (action: TrayAction) => void {
  const { api, log } = deps;
  const run = (what: string, p: Promise<unknown>) =>
    p.then(
      () => deps.rerender(),
      (err: unknown) => log.error(`tray: ${what} failed`, { error: errorMessage(err) }),
    );
  return (action) => {
    switch (action) {
      case 'go-online':
        return void run('going online', api.call('availability.set', { mode: 'online' }));
      case 'pause':
        return void run('pausing', api.call('availability.set', { mode: 'paused' }));
      case 'pause-hour':
        return void run('pausing for an hour', api.call('availability.set', { mode: 'paused', forMinutes: 60 }));
      case 'open-dashboard':
        return deps.showDashboard();
      case 'pairing':
        return deps.showDashboard('pairing');
      case 'install-update':
        return void run('installing the update', deps.installUpdate());
      case 'toggle-login':
        return void run('changing launch at login', deps.toggleLaunchAtLogin());
      case 'quit':
        return void run('quitting', deps.quit());
    }
  };
}
